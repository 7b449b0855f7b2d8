// The record as this client knows it: loaded once, then kept current from the server's pushes
// (a saved block, or the whole record after a change); a missed version reloads it.
import type { TranscriptBlockView, TranscriptView } from '../../server/realtime/events';
import type { Signaling } from '../core/signaling';

export class TranscriptState {
  view: TranscriptView | null = null;
  readonly #listeners: ((v: TranscriptView, changed: 'block' | 'all') => void)[] = [];

  constructor(private readonly sig: Signaling) {
    sig.socket.on('transcript:updated', (v) => this.set(v));
    sig.socket.on('transcript:block', (p) => {
      if (!this.view || p.version !== this.view.version + 1) {
        void this.load();
        return;
      }
      this.applyBlock(p.block, p.version);
    });
  }

  onChange(fn: (v: TranscriptView, changed: 'block' | 'all') => void): void {
    this.#listeners.push(fn);
  }

  async load(): Promise<void> {
    this.set(await this.sig.request('transcript:get', {}));
  }

  set(v: TranscriptView): void {
    this.view = v;
    for (const f of this.#listeners) f(v, 'all');
  }

  applyBlock(b: TranscriptBlockView, version: number): void {
    if (!this.view) return;
    const blocks = this.view.blocks.filter((x) => x.id !== b.id);
    this.view = { ...this.view, version: Math.max(version, this.view.version), blocks: [...blocks, b].sort((x, y) => x.ord - y.ord) };
    for (const f of this.#listeners) f(this.view, 'block');
  }
}

export const PREFIX = { q: '问：', a: '答：', note: '' } as const;
