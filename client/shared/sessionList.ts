import type { UserView } from '../../server/auth/auth.types';
import { api } from './api';
import { h, mount } from './dom';
import { t, toggleLang } from './i18n';

const fmt = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

export async function renderSessionList(root: HTMLElement, me: UserView): Promise<void> {
  const { sessions } = await api.sessions();
  const rows = sessions.map((s) => h('tr', { 'data-session-id': s.id },
    h('td', {}, s.caseNumber, h('br'), h('small', {}, s.caseTitle)),
    h('td', {}, t(`type.${s.type}`), h('br'), h('small', {}, s.title)),
    h('td', {}, fmt(s.startsAt)),
    h('td', {}, t(`sstate.${s.state}`)),
    h('td', {}, s.participants.map((p) => `${p.displayName}（${t(`role.${p.sessionRole}`)}）`).join('、')),
    h('td', { class: 'actions' },
      s.myParticipantId ? h('a', { class: 'button', href: `#/room/${s.id}`, 'data-testid': 'join' }, t('join')) : null,
      s.canOpenKiosk ? h('a', { class: 'button secondary', href: `#/kiosk/${s.id}`, 'data-testid': 'open-kiosk' }, t('openKiosk')) : null)));
  mount(root,
    h('header', { class: 'topbar' },
      h('strong', {}, t('appTitle')),
      h('span', { class: 'who' }, `${me.displayName} · ${t(`role.${me.role}`)} · ${me.agencyName}`),
      h('button', { class: 'link', onclick: toggleLang }, t('language')),
      h('button', { class: 'link', 'data-testid': 'logout', onclick: () => void api.logout().finally(() => { location.hash = '#/login'; }) }, t('logout'))),
    h('main', { class: 'page' },
      h('h2', {}, t('mySessions')),
      sessions.length === 0 ? h('p', {}, t('noSessions')) : h('table', { class: 'sessions' },
        h('thead', {}, h('tr', {}, ...[t('case'), t('type'), t('time'), t('state'), t('participants'), ''].map((x) => h('th', {}, x)))),
        h('tbody', {}, ...rows))));
}
