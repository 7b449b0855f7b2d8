// The top bar shared by the pages: who is logged in, the main navigation, language and logout.
import { addChinaDays, chinaDate, chinaDisplay, isOfficialRole } from '../../server/vocabulary';
import type { UserView } from '../../server/auth';
import { api } from './api';
import { h } from './dom';
import { t, toggleLang } from './i18n';

export function topbar(me: UserView): HTMLElement {
  const links: [string, string][] = [['#/sessions', t('mySessions')]];
  if (isOfficialRole(me.role)) links.push(['#/cases', t('cases')]);
  if (isOfficialRole(me.role) || me.role === 'lawyer') links.push(['#/book', t('book')]);
  if (!['observer', 'interpreter', 'party_guest'].includes(me.role)) links.push(['#/calendar', t('calendar')]);
  if (me.role === 'admin') links.push(['#/admin', t('admin')]);
  if (me.role === 'custody_officer') links.push(['#/custody', t('custodyConsole')], ['#/rooms', t('custodyRooms')]);
  return h(
    'header',
    { class: 'topbar' },
    h('strong', {}, t('appTitle')),
    h('nav', { class: 'main' }, ...links.map(([href, label]) => h('a', { href }, label))),
    h('span', { class: 'who' }, `${me.displayName} · ${t(`role.${me.role}`)} · ${me.agencyName}`),
    h('button', { class: 'link', onclick: toggleLang }, t('language')),
    h(
      'button',
      {
        class: 'link',
        'data-testid': 'logout',
        onclick: () =>
          void api.logout().finally(() => {
            location.hash = '#/login';
          }),
      },
      t('logout'),
    ),
  );
}

/** An instant as the UI shows it, in China time whatever the browser's zone. */
export const fmt = (iso: string): string => chinaDisplay(iso);

/** ISO date (China) of the Monday of the week containing `d`. */
export function mondayOf(d: Date): string {
  const day = chinaDate(d);
  const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addChinaDays(day, -dow);
}
