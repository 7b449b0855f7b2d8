import { REVOCATION_REASONS } from '../../server/vocabulary';
import { api, ApiError } from './api';
import { h, mount } from './dom';
import { t, toggleLang } from './i18n';

/** The login form; `ended` names why the previous login was ended (logout elsewhere, disabled, password reset). */
export function renderLogin(root: HTMLElement, ended: string | null, onDone: () => void): void {
  const err = h(
    'p',
    { class: 'error', role: 'alert', 'data-testid': 'login-error' },
    ended && (REVOCATION_REASONS as readonly string[]).includes(ended) ? t(`loginEnded.${ended}`) : '',
  );
  const user = h('input', { name: 'username', autocomplete: 'username', required: true, 'data-testid': 'username' });
  const pass = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'data-testid': 'password',
  });
  const form = h(
    'form',
    {
      class: 'card login',
      onsubmit: (e: Event) => {
        e.preventDefault();
        err.textContent = '';
        api.login(user.value, pass.value).then(onDone, (e2: unknown) => {
          err.textContent = `${t('loginFailed')}: ${e2 instanceof ApiError ? e2.message : String(e2)}`;
        });
      },
    },
    h('h1', {}, t('appTitle')),
    h('label', {}, t('username'), user),
    h('label', {}, t('password'), pass),
    h('button', { type: 'submit', 'data-testid': 'login-submit' }, t('login')),
    err,
    h('button', { type: 'button', class: 'link', onclick: toggleLang }, t('language')),
  );
  mount(root, form);
  user.focus();
}
