// The session's signed instrument (文书) beside the video: the host writes it and hands it over,
// everyone reads the frozen text, each signer signs in turn (the detainee on the kiosk, with a
// fingerprint), the host may withdraw it for a change (every signature lapses), and once the
// session has ended the signed PDF is linked. Sessions whose type makes no instrument show nothing.
import type { InstrumentView } from '../../server/realtime/events';
import type { Signaling } from '../core/signaling';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';
import type { FingerprintReader } from '../transcript/fingerprint';
import { SignaturePad } from '../transcript/signaturePad';
import { InstrumentForm } from './instrumentForm';

/** Who this screen is: a participant from their own login, or the custody kiosk (the detainee). */
export type InstrumentSeat = { kind: 'user'; participantId: string; host: boolean } | { kind: 'kiosk'; reader: FingerprintReader };

export class InstrumentPanel {
  readonly el = h('section', { class: 'instrument', 'data-testid': 'instrument-panel', hidden: true });
  readonly #error = h('p', { class: 'error', role: 'alert', 'data-testid': 'instrument-error' });
  readonly #reason = h('input', { type: 'text', maxlength: 500, placeholder: t('ins.withdrawReason'), 'data-testid': 'ins-reason' });
  readonly #pad: SignaturePad;
  #form: InstrumentForm | null = null;
  #view: InstrumentView | null = null;
  #seat: InstrumentSeat | null = null;

  constructor(
    private readonly sig: Signaling,
    private readonly sessionId: string,
    big = false,
  ) {
    this.#pad = new SignaturePad('instrument-pad', big ? 600 : 500, big ? 200 : 160);
    sig.socket.on('instrument:updated', (v) => this.#set(v));
  }

  async load(seat: InstrumentSeat): Promise<void> {
    this.#seat = seat;
    this.#set(await this.sig.request('instrument:get', {}));
  }

  #set(v: InstrumentView | null): void {
    if (v && this.#view && v.version < this.#view.version) return;
    this.#view = v;
    this.#render();
  }

  #act(fn: () => Promise<InstrumentView | null>): () => void {
    return () => {
      this.#error.textContent = '';
      fn().then(
        (v) => this.#set(v),
        (e: Error) => {
          this.#error.textContent = e.message;
        },
      );
    };
  }

  /** The signer this screen signs for, if it is their turn now. */
  #myTurn(v: InstrumentView): InstrumentView['signers'][number] | undefined {
    const seat = this.#seat;
    if (v.state !== 'signing' || !seat) return undefined;
    const me = v.signers.find((s) => (seat.kind === 'kiosk' ? s.kiosk : s.participantId === seat.participantId && !s.kiosk));
    if (!me || me.signedAt) return undefined;
    return v.signers.every((s) => s.step >= me.step || s.signedAt) ? me : undefined;
  }

  #render(): void {
    const v = this.#view;
    const seat = this.#seat;
    this.el.hidden = !v;
    if (!v || !seat) return;
    const host = seat.kind === 'user' && seat.host;
    if (host && !this.#form) this.#form = new InstrumentForm(v.kind);
    this.#form?.show(v.fields);
    const form = this.#form;
    const editing =
      host && form && v.state === 'draft'
        ? h(
            'div',
            {},
            form.el,
            h(
              'div',
              { class: 'controls' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  'data-testid': 'ins-draft',
                  onclick: this.#act(async () => {
                    const out = await this.sig.request('instrument:draft', { fields: form.value() });
                    form.saved();
                    return out;
                  }),
                },
                t('ins.saveDraft'),
              ),
              h(
                'button',
                {
                  type: 'button',
                  'data-testid': 'ins-open',
                  onclick: this.#act(async () => {
                    await this.sig.request('instrument:draft', { fields: form.value() });
                    form.saved();
                    return this.sig.request('instrument:open', {});
                  }),
                },
                t('ins.open'),
              ),
            ),
          )
        : null;
    const body = v.body
      ? h(
          'div',
          { class: 'print-page', 'data-testid': 'instrument-body', 'data-sha256': v.contentSha256 ?? '' },
          h('p', { class: 'line line-title' }, v.body.title),
          h('p', { class: 'line line-header' }, v.body.caseNumber),
          ...v.body.paragraphs.map((p) => h('p', { class: 'line line-body' }, p)),
        )
      : v.state === 'draft' && !host
        ? h('p', { class: 'hint' }, t('ins.notYet'))
        : null;
    const signers = h(
      'ol',
      { class: 'signers' },
      ...v.signers.map((s) =>
        h(
          'li',
          { 'data-testid': 'instrument-signer', 'data-role': s.role, 'data-signed': String(Boolean(s.signedAt)) },
          `${t(`role.${s.role}`)} ${s.name} · ${s.signedAt ? `${t('signed')} ${new Date(s.signedAt).toLocaleTimeString('zh-CN', { hour12: false })}` : t('ins.waiting')}`,
        ),
      ),
    );
    const turn = this.#myTurn(v);
    const sign =
      turn && v.contentSha256
        ? h(
            'div',
            { class: 'sign-task', 'data-testid': 'instrument-sign-box' },
            h('p', {}, t('ins.yourTurn')),
            this.#pad.el,
            h(
              'button',
              {
                type: 'button',
                class: seat.kind === 'kiosk' ? 'big' : '',
                'data-testid': 'ins-sign',
                onclick: this.#act(async () => {
                  const fingerprint =
                    seat.kind === 'kiosk'
                      ? await seat.reader.capture().catch(() => {
                          throw new Error(t('fingerprintFailed'));
                        })
                      : undefined;
                  return this.sig.request('instrument:sign', {
                    contentSha256: v.contentSha256 ?? '',
                    signature: this.#pad.mark(),
                    ...(fingerprint ? { fingerprint } : {}),
                  });
                }),
              },
              seat.kind === 'kiosk' ? t('ins.signFingerprint') : t('ins.sign'),
            ),
          )
        : null;
    const withdraw =
      host && v.state === 'signing'
        ? h(
            'div',
            { class: 'controls' },
            this.#reason,
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                'data-testid': 'ins-withdraw',
                onclick: this.#act(() => this.sig.request('instrument:withdraw', { reason: this.#reason.value.trim() })),
              },
              t('ins.withdraw'),
            ),
          )
        : null;
    const status =
      v.state === 'signing'
        ? h(
            'p',
            { class: 'hint', 'data-testid': 'instrument-missing' },
            v.missing.length ? `${t('stillMissing')}：${v.missing.join('、')}` : t('ins.finalOnEnd'),
          )
        : null;
    const final = v.final
      ? h(
          'p',
          { 'data-testid': 'instrument-final' },
          `${t('verificationCode')} ${v.final.verificationCode} `,
          seat.kind === 'user' ? h('a', { href: `/api/sessions/${this.sessionId}/instrument.pdf` }, t('ins.final')) : null,
        )
      : null;
    this.el.replaceChildren(
      h(
        'h3',
        {},
        `${t(`inskind.${v.kind}`)} · `,
        h('span', { 'data-testid': 'instrument-state', 'data-state': v.state }, t(`insstate.${v.state}`)),
      ),
      editing ?? '',
      body ?? '',
      signers,
      status ?? '',
      sign ?? '',
      withdraw ?? '',
      final ?? '',
      this.#error,
    );
  }
}
