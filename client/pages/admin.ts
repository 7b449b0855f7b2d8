// 系统管理 (administrators): agencies, accounts (adminUsers.ts) and the custody centers' rooms.
import { AGENCY_KINDS, type AgencyKind } from '../../server/vocabulary';
import type { UserView } from '../../server/auth';
import type { AgencyView } from '../../server/accounts';
import { api } from '../shared/api';
import { h, mount } from '../shared/dom';
import { t } from '../shared/i18n';
import { topbar } from '../shared/nav';
import { submitForm, field } from '../shared/forms';
import { renderAccounts } from './adminUsers';
import { centerCard } from './roomAdmin';

export async function renderAdmin(root: HTMLElement, me: UserView): Promise<void> {
  if (me.role !== 'admin') throw new Error(t('adminOnly'));
  const [{ agencies }, { users }, { centers }] = await Promise.all([api.agencies(), api.accounts(), api.centers()]);
  const again = () => void renderAdmin(root, me);
  const rooms = await Promise.all(centers.map(async (c) => ({ center: c, rooms: (await api.rooms(c.id)).rooms })));
  mount(
    root,
    topbar(me),
    h(
      'main',
      { class: 'page admin' },
      h('h1', {}, t('admin')),
      agenciesSection(agencies, again),
      renderAccounts(agencies, users, me, again),
      h(
        'section',
        { 'data-testid': 'admin-rooms' },
        h('h2', {}, t('custodyRooms')),
        ...rooms.map(({ center, rooms: list }) => centerCard(center, list, again)),
      ),
    ),
  );
}

function agenciesSection(agencies: AgencyView[], again: () => void): HTMLElement {
  const code = h('input', { name: 'code', required: true, 'data-testid': 'agency-code' });
  const name = h('input', { name: 'name', required: true, 'data-testid': 'agency-name' });
  const kind = h(
    'select',
    { name: 'kind', 'data-testid': 'agency-kind' },
    ...AGENCY_KINDS.map((k) => h('option', { value: k }, t(`ak.${k}`))),
  );
  return h(
    'section',
    { 'data-testid': 'admin-agencies' },
    h('h2', {}, t('agencies')),
    h(
      'table',
      {},
      h('tr', {}, h('th', {}, t('agencyCode')), h('th', {}, t('agencyName')), h('th', {}, t('agencyKind')), h('th', {}, t('userCount'))),
      ...agencies.map((a) =>
        h(
          'tr',
          { 'data-agency': a.code },
          h('td', {}, a.code),
          h('td', {}, a.name),
          h('td', {}, t(`ak.${a.kind}`)),
          h('td', {}, String(a.users)),
        ),
      ),
    ),
    submitForm(
      'agency-create',
      [field(t('agencyCode'), code), field(t('agencyName'), name), field(t('agencyKind'), kind)],
      t('addAgency'),
      () => api.createAgency({ code: code.value, name: name.value, kind: kind.value as AgencyKind }),
      again,
    ),
  );
}
