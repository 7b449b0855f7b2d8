// A party's signature on the record of a session without a detainee (a mediation): the pages as
// printed, then one signature bound to all of their hashes; a changed record must be read again.
import type { TranscriptView } from '../../server/realtime/events';
import type { Signaling } from '../core/signaling';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';
import { SignaturePad } from './signaturePad';

export class PartySign {
  readonly #pad = new SignaturePad('party-pad', 500, 160);

  constructor(private readonly sig: Signaling) {}

  /** What a party sees while the record waits for them (null when nothing is asked of them). */
  render(v: TranscriptView, me: string | undefined, done: (v: TranscriptView) => void, fail: (e: Error) => void): HTMLElement | null {
    if (v.state !== 'confirming' || !me) return null;
    const asked = v.missing.some((m) => m.what === 'party' && m.participantId === me);
    const signed = v.signatures.some((s) => s.kind === 'party' && s.participantId === me);
    if (!asked) return signed ? h('p', { class: 'hint', 'data-testid': 'party-signed' }, t('partySigned')) : null;
    return h(
      'div',
      { class: 'party-sign', 'data-testid': 'party-sign-box' },
      h('h4', {}, t('partySign')),
      ...v.pages.map((p) =>
        h(
          'div',
          { class: 'print-page', 'data-testid': 'party-page', 'data-sha256': p.sha256 },
          ...p.lines.map((l) => h('p', { class: `line line-${l.style}` }, l.text)),
          h('p', { class: 'page-no' }, t('pageOf').replace('{n}', String(p.number)).replace('{t}', String(p.total))),
        ),
      ),
      h('p', { class: 'hint' }, t('partyReadAll')),
      this.#pad.el,
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'party-sign',
          onclick: () => {
            this.sig.request('transcript:signParty', { pages: v.pages.map((p) => p.sha256), signature: this.#pad.mark() }).then(done, fail);
          },
        },
        t('sign'),
      ),
    );
  }
}
