// The top bar shared by the pages: who is logged in, the main navigation, language and logout.
import type { UserView } from '../../server/auth/auth.types';
import { api } from './api';
import { h } from './dom';
import { t, toggleLang } from './i18n';

const OFFICIAL = new Set(['investigator', 'prosecutor', 'judge', 'clerk']);

export function topbar(me: UserView): HTMLElement {
  const links: [string, string][] = [['#/sessions', t('mySessions')]];
  if (OFFICIAL.has(me.role)) links.push(['#/cases', t('cases')]);
  if (OFFICIAL.has(me.role) || me.role === 'lawyer') links.push(['#/book', t('book')]);
  if (me.role !== 'observer' && me.role !== 'interpreter') links.push(['#/calendar', t('calendar')]);
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

export const fmt = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });

/** ISO date (China) of the Monday of the week containing `d`. */
export function mondayOf(d: Date): string {
  const china = new Date(d.getTime() + 8 * 3_600_000);
  const dow = (china.getUTCDay() + 6) % 7;
  return new Date(china.getTime() - dow * 86_400_000).toISOString().slice(0, 10);
}
