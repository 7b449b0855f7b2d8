// The record on the custody kiosk, in large type: live while it is typed (with 「申请更正」 on each
// block), then page by page as printed for signing and fingerprinting, the closing sentence, and
// each correction. The signing happens on camera; the server records every signature's time.
import type { TranscriptPageView, TranscriptView } from '../../server/realtime/events';
import type { Signaling } from '../core/signaling';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';
import type { FingerprintReader } from './fingerprint';
import { SignaturePad } from './signaturePad';
import { PREFIX, TranscriptState } from './transcriptState';

export class KioskTranscript {
  readonly el = h('section', { class: 'kiosk-transcript', 'data-testid': 'kiosk-transcript' });
  readonly state: TranscriptState;
  readonly #error = h('p', { class: 'error', role: 'alert', 'data-testid': 'kiosk-transcript-error' });
  #pad = new SignaturePad('kiosk-pad');
  #task = '';

  constructor(
    private readonly sig: Signaling,
    private readonly reader: FingerprintReader,
  ) {
    this.state = new TranscriptState(sig);
    this.state.onChange((v) => this.#render(v));
  }

  async load(): Promise<void> {
    await this.state.load();
  }

  #act(fn: () => Promise<TranscriptView>): () => void {
    return () => {
      this.#error.textContent = '';
      fn()
        .then((v) => this.state.set(v))
        .catch((e: Error) => {
          this.#error.textContent = e.message;
        });
    };
  }

  #page(p: TranscriptPageView): HTMLElement {
    return h(
      'div',
      { class: 'print-page', 'data-testid': 'kiosk-page', 'data-page': String(p.number), 'data-sha256': p.sha256 },
      ...p.lines.map((l) => h('p', { class: `line line-${l.style}` }, l.text)),
      h('p', { class: 'page-no' }, t('pageOf').replace('{n}', String(p.number)).replace('{t}', String(p.total))),
    );
  }

  #signPage(p: TranscriptPageView): HTMLElement {
    return h(
      'div',
      { class: 'sign-task' },
      this.#page(p),
      this.#pad.el,
      h(
        'button',
        {
          type: 'button',
          class: 'big',
          'data-testid': 'sign-page',
          onclick: this.#act(async () => {
            const fingerprint = await this.reader.capture().catch(() => {
              throw new Error(t('fingerprintFailed'));
            });
            return this.sig.request('transcript:signPage', {
              page: p.number,
              pageSha256: p.sha256,
              signature: this.#pad.mark(),
              fingerprint,
            });
          }),
        },
        t('signAndPrint'),
      ),
    );
  }

  #render(v: TranscriptView): void {
    const missing = v.missing;
    const last = v.pages[v.pages.length - 1];
    const closingMissing = missing.some((m) => m.what === 'closing');
    const pageTask = missing.find((m) => m.what === 'page' && m.page !== undefined && (m.page < (last?.number ?? 0) || !closingMissing));
    const correction = missing.find((m) => m.what === 'correction' && m.missing !== 'not made');
    const waiting = missing.some((m) => m.what === 'correction' && m.missing === 'not made');
    const p = pageTask ? v.pages.find((x) => x.number === pageTask.page) : undefined;
    const task = v.state === 'confirming' ? `${p?.sha256 ?? ''}:${closingMissing}:${correction?.correctionId ?? ''}:${waiting}` : v.state;
    // NOTE: a new task gets a clean pad; the same task re-rendered (someone else signed) keeps the strokes.
    if (task !== this.#task) {
      this.#pad = new SignaturePad('kiosk-pad');
      this.#task = task;
    }
    let body: HTMLElement;
    if (v.state === 'drafting') {
      body = h(
        'div',
        { class: 'live-record', 'data-testid': 'kiosk-live-record' },
        h('h2', {}, t('kioskRecord')),
        ...v.blocks
          .filter((b) => b.text.trim())
          .map((b) =>
            h(
              'p',
              { class: `block block-${b.kind}`, 'data-block-id': b.id },
              PREFIX[b.kind] + b.text,
              h(
                'button',
                { type: 'button', class: 'secondary', 'data-testid': 'ask-correction', onclick: () => this.#askCorrection(b.id) },
                t('askCorrection'),
              ),
            ),
          ),
      );
    } else if (v.state === 'final') {
      body = h(
        'p',
        { class: 'big', 'data-testid': 'kiosk-final' },
        `${t('ts.final')} · ${t('verificationCode')} ${v.final?.verificationCode ?? ''}`,
      );
    } else if (waiting) body = h('p', { class: 'big' }, '已申请更正，请等待记录人修改');
    else if (p) body = this.#signPage(p);
    else if (closingMissing && last) {
      body = h(
        'div',
        { class: 'sign-task' },
        this.#page(last),
        v.closingMode === 'handwritten'
          ? h(
              'div',
              {},
              h('p', { class: 'big' }, t('closingWrite')),
              this.#pad.el,
              h(
                'button',
                {
                  type: 'button',
                  class: 'big',
                  'data-testid': 'sign-closing',
                  onclick: this.#act(() =>
                    this.sig.request('transcript:signClosing', { mode: 'handwritten', signature: this.#pad.mark() }),
                  ),
                },
                t('sign'),
              ),
            )
          : h(
              'button',
              {
                type: 'button',
                class: 'big',
                'data-testid': 'sign-closing',
                onclick: this.#act(() => this.sig.request('transcript:signClosing', { mode: 'typed', text: v.closingSentence })),
              },
              t('closingConfirm'),
            ),
      );
    } else if (correction?.correctionId) {
      const c = v.corrections.find((x) => x.id === correction.correctionId);
      const b = v.blocks.find((x) => x.id === c?.blockId);
      body = h(
        'div',
        { class: 'sign-task' },
        h('h2', {}, t('correctionsToSign')),
        h('p', { class: 'big' }, `${c?.note ?? ''} → ${b ? PREFIX[b.kind] + b.text : ''}`),
        this.#pad.el,
        h(
          'button',
          {
            type: 'button',
            class: 'big',
            'data-testid': 'sign-correction',
            onclick: this.#act(async () => {
              const fingerprint = await this.reader.capture().catch(() => {
                throw new Error(t('fingerprintFailed'));
              });
              return this.sig.request('transcript:signCorrection', {
                correctionId: correction.correctionId as string,
                signature: this.#pad.mark(),
                fingerprint,
              });
            }),
          },
          t('signAndPrint'),
        ),
      );
    } else body = h('p', { class: 'big', 'data-testid': 'kiosk-signed-all' }, t('waitOfficials'));
    this.el.replaceChildren(
      h(
        'h2',
        {},
        `${t('transcript')} · `,
        h('span', { 'data-testid': 'kiosk-transcript-state', 'data-state': v.state }, t(`ts.${v.state}`)),
      ),
      body,
      this.#error,
    );
  }

  #askCorrection(blockId: string): void {
    const note = h('input', { type: 'text', maxlength: 500, placeholder: t('correctionNote'), 'data-testid': 'correction-note' });
    const form = h(
      'form',
      {
        class: 'correction-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          this.#act(() => this.sig.request('transcript:requestCorrection', { blockId, note: note.value.trim() }))();
        },
      },
      note,
      h('button', { type: 'submit', 'data-testid': 'send-correction' }, t('send')),
    );
    this.el.querySelector(`[data-block-id="${blockId}"]`)?.after(form);
    note.focus();
  }
}
