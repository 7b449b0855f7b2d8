// A signature pad: pointer events (finger, pen or mouse) captured as strokes of [x, y, ms] and
// drawn on a canvas; the mark sent to the server is both the vector strokes and the PNG.
import type { SignatureMarkInput, Stroke } from '../../server/realtime/events';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';

export class SignaturePad {
  readonly canvas: HTMLCanvasElement;
  readonly el: HTMLElement;
  #strokes: Stroke[] = [];
  #t0 = 0;
  #drawing = false;

  constructor(testId: string, width = 600, height = 200) {
    this.canvas = h('canvas', { width, height, class: 'signature-pad', 'data-testid': testId });
    const c = this.canvas;
    const pos = (e: PointerEvent): [number, number, number] => {
      const r = c.getBoundingClientRect();
      return [
        Math.round(((e.clientX - r.left) * c.width) / r.width),
        Math.round(((e.clientY - r.top) * c.height) / r.height),
        Math.round(performance.now() - this.#t0),
      ];
    };
    c.addEventListener('pointerdown', (e) => {
      if (this.#strokes.length === 0) this.#t0 = performance.now();
      this.#drawing = true;
      c.setPointerCapture(e.pointerId);
      this.#strokes.push([pos(e)]);
      this.#paint();
    });
    c.addEventListener('pointermove', (e) => {
      if (!this.#drawing) return;
      this.#strokes[this.#strokes.length - 1]?.push(pos(e));
      this.#paint();
    });
    const up = () => {
      this.#drawing = false;
    };
    c.addEventListener('pointerup', up);
    c.addEventListener('pointercancel', up);
    this.el = h(
      'div',
      { class: 'signature' },
      h('p', { class: 'hint' }, t('signHere')),
      c,
      h('button', { type: 'button', class: 'secondary', onclick: () => this.clear() }, t('clear')),
    );
  }

  get empty(): boolean {
    return this.#strokes.flat().length < 8;
  }

  clear(): void {
    this.#strokes = [];
    this.#paint();
  }

  /** The strokes and the PNG of the pad, for the server. */
  mark(): SignatureMarkInput {
    const png = this.canvas.toDataURL('image/png').split(',')[1] ?? '';
    return { strokes: { width: this.canvas.width, height: this.canvas.height, strokes: this.#strokes.map((s) => s.slice(0, 4000)) }, png };
  }

  #paint(): void {
    const g = this.canvas.getContext('2d');
    if (!g) return;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, this.canvas.width, this.canvas.height);
    g.strokeStyle = '#14205a';
    g.lineWidth = 4;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    for (const s of this.#strokes) {
      g.beginPath();
      for (const [i, [x, y]] of s.entries()) {
        if (i === 0) g.moveTo(x, y);
        else g.lineTo(x, y);
      }
      if (s.length === 1) g.lineTo((s[0]?.[0] ?? 0) + 0.5, s[0]?.[1] ?? 0);
      g.stroke();
    }
  }
}
