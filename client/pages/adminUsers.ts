// 系统管理 → 用户: create accounts, change role, disable and enable, reset a password, unlock.
import { ROLE_AGENCY_KINDS, STAFF_ROLES, type StaffRole } from '../../server/vocabulary';
import type { UserView } from '../../server/auth';
import type { AccountView, AgencyView } from '../../server/accounts';
import { api, ApiError } from '../shared/api';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';
import { fmt } from '../shared/nav';
import { submitForm, field } from '../shared/forms';

export function renderAccounts(agencies: AgencyView[], users: AccountView[], me: UserView, again: () => void): HTMLElement {
  const status = h('p', { class: 'notice', role: 'status', 'data-testid': 'accounts-status' });
  const act = (p: Promise<unknown>): void => {
    p.then(again, (e: unknown) => {
      status.textContent = e instanceof ApiError ? `${e.message} (${e.code})` : String(e);
    });
  };
  const row = (u: AccountView) =>
    h(
      'tr',
      { 'data-user': u.username },
      h('td', {}, u.username),
      h('td', {}, u.displayName),
      h('td', {}, t(`role.${u.role}`)),
      h('td', {}, u.agencyName),
      h(
        'td',
        { 'data-testid': 'account-state' },
        u.disabled ? t('accountDisabled') : u.lockedAt ? `${t('accountLocked')} ${fmt(u.lockedAt)}` : t('accountActive'),
      ),
      h(
        'td',
        {},
        u.id === me.id
          ? ''
          : h(
              'button',
              {
                class: 'link',
                'data-testid': u.disabled ? 'enable' : 'disable',
                onclick: () => act(api.updateAccount(u.id, { disabled: !u.disabled })),
              },
              u.disabled ? t('enable') : t('disable'),
            ),
        u.lockedAt
          ? h('button', { class: 'link', 'data-testid': 'unlock', onclick: () => act(api.unlockAccount(u.id)) }, t('unlockAccount'))
          : '',
        h(
          'button',
          {
            class: 'link',
            'data-testid': 'reset-password',
            onclick: () => {
              const pw = prompt(t('newPasswordPrompt'));
              if (pw) act(api.resetPassword(u.id, pw));
            },
          },
          t('resetPassword'),
        ),
      ),
    );
  const agency = h(
    'select',
    { name: 'agency', 'data-testid': 'user-agency' },
    ...agencies.map((a) => h('option', { value: a.id }, a.name)),
  );
  const role = h('select', { name: 'role', 'data-testid': 'user-role' });
  // NOTE: only the roles the chosen agency's staff may hold are offered (the server checks it too).
  const fillRoles = () => {
    const kind = agencies.find((a) => a.id === agency.value)?.kind;
    const roles = STAFF_ROLES.filter((r: StaffRole) => kind && ROLE_AGENCY_KINDS[r].includes(kind));
    role.replaceChildren(...roles.map((r) => h('option', { value: r }, t(`role.${r}`))));
  };
  agency.addEventListener('change', fillRoles);
  fillRoles();
  const username = h('input', { name: 'username', required: true, autocomplete: 'off', 'data-testid': 'user-username' });
  const displayName = h('input', { name: 'displayName', required: true, 'data-testid': 'user-display-name' });
  const password = h('input', {
    name: 'password',
    type: 'password',
    required: true,
    autocomplete: 'new-password',
    'data-testid': 'user-password',
  });
  const mobile = h('input', { name: 'mobile', type: 'tel', placeholder: t('mobileHint'), 'data-testid': 'user-mobile' });
  return h(
    'section',
    { 'data-testid': 'admin-users' },
    h('h2', {}, t('accounts')),
    status,
    h(
      'table',
      {},
      h('tr', {}, ...['username', 'displayName', 'roleLabel', 'agencyName', 'state', 'actions'].map((k) => h('th', {}, t(k)))),
      ...users.map(row),
    ),
    submitForm(
      'user-create',
      [
        field(t('agencyName'), agency),
        field(t('roleLabel'), role),
        field(t('username'), username),
        field(t('displayName'), displayName),
        field(t('password'), password),
        field(t('mobile'), mobile),
      ],
      t('addUser'),
      () =>
        api.createAccount({
          agencyId: agency.value,
          username: username.value,
          displayName: displayName.value,
          role: role.value,
          password: password.value,
          ...(mobile.value.trim() ? { mobile: mobile.value.trim() } : {}),
        }),
      again,
    ),
  );
}
