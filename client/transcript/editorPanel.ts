// The record beside the video, for officials: the clerk types question/answer blocks (saved as
// they type through the outbox, so nothing is lost on a disconnect), answers correction
// requests, hands the record over for signing and signs last; everyone else reads it live.
import type { JoinView, TranscriptEditInput, TranscriptView } from '../../server/realtime/events';
import type { Signaling } from '../core/signaling';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';
import { TranscriptOutbox } from './outbox';
import { PartySign } from './partySign';
import { SignaturePad } from './signaturePad';
import { PREFIX, TranscriptState } from './transcriptState';

const storeFor = (sessionId: string) => ({
  load: (): TranscriptEditInput[] => JSON.parse(localStorage.getItem(`transcript-outbox:${sessionId}`) ?? '[]') as TranscriptEditInput[],
  save: (ops: TranscriptEditInput[]) => localStorage.setItem(`transcript-outbox:${sessionId}`, JSON.stringify(ops)),
});

export class TranscriptPanel {
  readonly el = h('section', { class: 'transcript', 'data-testid': 'transcript-panel' });
  readonly state: TranscriptState;
  readonly outbox: TranscriptOutbox;
  #join: JoinView | null = null;
  readonly #known = new Map<string, string>();
  readonly #areas = new Map<string, HTMLTextAreaElement>();
  readonly #correctionFor = new Map<string, string>();
  readonly #status = h('span', { class: 'saved', 'data-testid': 'transcript-saved' });
  readonly #error = h('p', { class: 'error', role: 'alert', 'data-testid': 'transcript-error' });
  readonly #pad = new SignaturePad('official-pad', 500, 160);
  readonly #party: PartySign;
  #renderedState = '';

  constructor(
    private readonly sig: Signaling,
    private readonly sessionId: string,
  ) {
    this.state = new TranscriptState(sig);
    this.#party = new PartySign(sig);
    this.outbox = new TranscriptOutbox(storeFor(sessionId), (op) => sig.request('transcript:edit', op), {
      saved: (b, v) => {
        this.#known.set(b.id, b.lastOpId);
        this.state.applyBlock(b, v);
      },
      refused: (op, _code, message) => {
        this.#error.textContent = message;
        this.#known.delete(op.blockId);
        void this.state.load();
      },
      pending: (n) => {
        this.#status.textContent = n ? `${n} ${t('unsaved')}` : t('saved');
        this.#status.dataset.pending = String(n);
      },
    });
    this.state.onChange((v, changed) => this.#render(v, changed));
  }

  get editor(): boolean {
    return this.#join?.grants.editTranscript === true;
  }

  /** Called on every (re)join: loads the record and sends whatever is still unsent. */
  async joined(j: JoinView): Promise<void> {
    this.#join = j;
    if (!j.admitted) {
      this.outbox.pause();
      return;
    }
    await this.state.load();
    await this.outbox.resume();
  }

  disconnected(): void {
    this.outbox.pause();
  }

  #save(blockId: string, kind: 'q' | 'a' | 'note', ord: number, text: string): void {
    const correctionId = this.#correctionFor.get(blockId);
    const op: TranscriptEditInput = {
      opId: crypto.randomUUID(),
      blockId,
      base: this.outbox.lastQueuedOp(blockId) ?? this.#known.get(blockId) ?? null,
      ord,
      kind,
      text,
      ...(correctionId ? { correctionId } : {}),
    };
    if (correctionId) this.#correctionFor.delete(blockId);
    this.outbox.push(op);
  }

  #add(kind: 'q' | 'a' | 'note'): void {
    const v = this.state.view;
    const ord = Math.max(0, ...(v?.blocks.map((b) => b.ord) ?? []), ...[...this.#areas.values()].map((a) => Number(a.dataset.ord))) + 1;
    const id = crypto.randomUUID();
    const area = this.#area(id, kind, ord, '');
    this.el.querySelector('[data-testid=transcript-blocks]')?.append(area.parentElement as HTMLElement);
    area.focus();
  }

  #area(id: string, kind: 'q' | 'a' | 'note', ord: number, text: string): HTMLTextAreaElement {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const area = h('textarea', {
      rows: 2,
      'data-block-id': id,
      'data-ord': String(ord),
      'data-kind': kind,
      'data-testid': `block-${kind}`,
    });
    area.value = text;
    area.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.#save(id, kind, ord, area.value), 300);
    });
    area.addEventListener('blur', () => {
      clearTimeout(timer);
      if (area.value !== (this.state.view?.blocks.find((b) => b.id === id)?.text ?? '')) this.#save(id, kind, ord, area.value);
    });
    this.#areas.set(id, area);
    h('div', { class: `block block-${kind}` }, h('b', {}, t(`bk.${kind}`)), area);
    return area;
  }

  #render(v: TranscriptView, changed: 'block' | 'all'): void {
    for (const b of v.blocks) if (!this.outbox.lastQueuedOp(b.id)) this.#known.set(b.id, b.lastOpId);
    const typing = this.editor && v.state === 'drafting';
    // NOTE: while the clerk types, saved blocks must not re-render the text areas (the cursor would jump).
    if (typing && changed === 'block' && this.#renderedState === 'drafting') return;
    this.#renderedState = v.state;
    this.#error.textContent = '';
    const open = v.corrections.filter((c) => c.state === 'open');
    const blocks = h('div', { class: 'blocks', 'data-testid': 'transcript-blocks' });
    // NOTE: what is in a text area may be newer than the server's copy (typed in the last moments): keep it, and the focus.
    const prev = new Map(
      [...this.#areas].map(([id, a]) => [id, { value: a.value, kind: a.dataset.kind as 'q' | 'a' | 'note', ord: Number(a.dataset.ord) }]),
    );
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.blockId;
    this.#areas.clear();
    for (const b of v.blocks) {
      const correction = open.find((c) => c.blockId === b.id);
      if (this.editor && (typing || correction))
        blocks.append(this.#area(b.id, b.kind, b.ord, prev.get(b.id)?.value ?? b.text).parentElement as HTMLElement);
      else blocks.append(h('p', { class: `block block-${b.kind}`, 'data-block-id': b.id }, PREFIX[b.kind] + b.text));
    }
    if (typing) {
      for (const [id, a] of prev)
        if (!v.blocks.some((b) => b.id === id)) blocks.append(this.#area(id, a.kind, a.ord, a.value).parentElement as HTMLElement);
    }
    if (focused) queueMicrotask(() => this.#areas.get(focused)?.focus());
    if (!v.blocks.length && !typing) blocks.append(h('p', { class: 'hint' }, t('noRecordYet')));
    const act = (fn: () => Promise<unknown>) => () => {
      this.#error.textContent = '';
      fn().catch((e: Error) => {
        this.#error.textContent = e.message;
      });
    };
    const controls = this.editor
      ? h(
          'div',
          { class: 'controls' },
          typing ? h('button', { type: 'button', 'data-testid': 'add-q', onclick: () => this.#add('q') }, t('addQ')) : null,
          typing ? h('button', { type: 'button', 'data-testid': 'add-a', onclick: () => this.#add('a') }, t('addA')) : null,
          typing ? h('button', { type: 'button', class: 'secondary', onclick: () => this.#add('note') }, t('addNote')) : null,
          typing
            ? h(
                'button',
                {
                  type: 'button',
                  'data-testid': 'submit-transcript',
                  onclick: act(async () => {
                    await this.outbox.flush();
                    this.state.set(await this.sig.request('transcript:submit', {}));
                  }),
                },
                t('submitForSigning'),
              )
            : null,
          v.state === 'confirming'
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  'data-testid': 'reopen-transcript',
                  onclick: act(async () => this.state.set(await this.sig.request('transcript:reopen', { reason: '记录人收回修改' }))),
                },
                t('reopen'),
              )
            : null,
        )
      : null;
    const corrections = v.corrections.length
      ? h(
          'div',
          { class: 'corrections', 'data-testid': 'corrections' },
          h('h4', {}, t('corrections')),
          ...v.corrections.map((c) =>
            h(
              'p',
              { 'data-state': c.state },
              `${c.note}（${c.state === 'open' ? '待修改' : '已修改'}）`,
              this.editor && c.state === 'open'
                ? h(
                    'button',
                    {
                      type: 'button',
                      'data-testid': 'make-correction',
                      onclick: () => {
                        this.#correctionFor.set(c.blockId, c.id);
                        this.#areas.get(c.blockId)?.focus();
                      },
                    },
                    t('makeCorrection'),
                  )
                : null,
            ),
          ),
        )
      : null;
    const me = this.#join?.self.peerId;
    const mine = v.missing.some((m) => m.what === 'official' && m.participantId === me);
    const onlyOfficials = v.state === 'confirming' && v.missing.every((m) => m.what === 'official');
    const sign =
      mine && onlyOfficials
        ? h(
            'div',
            { class: 'official-sign' },
            h('h4', {}, t('officialSign')),
            this.#pad.el,
            h(
              'button',
              {
                type: 'button',
                'data-testid': 'official-sign',
                onclick: act(async () => {
                  this.state.set(await this.sig.request('transcript:signOfficial', { signature: this.#pad.mark() }));
                }),
              },
              t('sign'),
            ),
          )
        : null;
    const missing =
      v.state === 'confirming' && v.missing.length
        ? h(
            'p',
            { class: 'hint', 'data-testid': 'transcript-missing' },
            `${t('stillMissing')}：${v.missing.map((m) => (m.page ? `${m.page}` : '') + t(`miss.${m.what}`) + (m.what === 'official' || m.what === 'party' ? `（${m.missing}）` : '')).join('、')}`,
          )
        : null;
    const final = v.final
      ? h(
          'p',
          { 'data-testid': 'transcript-final' },
          `${t('verificationCode')} ${v.final.verificationCode} `,
          h('a', { href: `/api/sessions/${this.sessionId}/transcript.pdf` }, t('finalPdf')),
        )
      : null;
    this.el.replaceChildren(
      h(
        'h3',
        {},
        `${t('transcript')} · `,
        h('span', { 'data-testid': 'transcript-state', 'data-state': v.state }, t(`ts.${v.state}`)),
        ' ',
        this.#status,
      ),
      blocks,
      controls ?? '',
      corrections ?? '',
      missing ?? '',
      sign ?? '',
      this.#party.render(
        v,
        me,
        (nv) => this.state.set(nv),
        (e) => {
          this.#error.textContent = e.message;
        },
      ) ?? '',
      final ?? '',
      this.#error,
    );
  }
}
