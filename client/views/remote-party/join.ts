// #/join: a civilian party to a mediation types the invitation code from their SMS; it opens
// their login for that one session, and the room opens (they wait in the lobby until the
// mediator has checked who they are and admits them).
import { api } from '../../shared/api';
import { h, mount } from '../../shared/dom';
import { t } from '../../shared/i18n';

export function renderJoin(root: HTMLElement, done: (sessionId: string) => void): void {
  const code = h('input', { type: 'text', required: true, autocomplete: 'off', 'data-testid': 'invite-code', placeholder: 'XXXXX-XXXXX' });
  const err = h('p', { class: 'error', role: 'alert', 'data-testid': 'invite-error' });
  mount(
    root,
    h(
      'main',
      { class: 'page join', 'data-testid': 'join-page' },
      h('h1', {}, t('joinTitle')),
      h('p', {}, t('joinHint')),
      h(
        'form',
        {
          onsubmit: (e: Event) => {
            e.preventDefault();
            err.textContent = '';
            api.redeem(code.value).then(
              (r) => done(r.sessionId),
              (e2: Error) => {
                err.textContent = e2.message;
              },
            );
          },
        },
        h('label', {}, t('inviteCode'), code),
        h('button', { type: 'submit', 'data-testid': 'invite-submit' }, t('joinSession')),
        err,
      ),
    ),
  );
}
