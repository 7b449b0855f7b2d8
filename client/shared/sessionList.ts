// Home: my sessions (join, open kiosk, cancel or reschedule with a reason) and deadline warnings.
import { fromChinaLocalInput, isOfficialRole, OFFICIAL_ROLES } from '../../server/vocabulary';
import type { UserView } from '../../server/auth';
import type { SessionView } from '../../server/sessions';
import { api } from './api';
import { h, mount } from './dom';
import { t } from './i18n';
import { fmt, topbar } from './nav';

function changeControls(s: SessionView, refresh: () => void): HTMLElement | null {
  if (!s.canChangeBooking || (s.state !== 'scheduled' && s.state !== 'lobby')) return null;
  const reason = h('input', { type: 'text', placeholder: t('reason'), 'data-testid': 'change-reason' });
  const start = h('input', { type: 'datetime-local', 'data-testid': 'reschedule-start' });
  const err = h('span', { class: 'error', role: 'alert' });
  const run = (p: Promise<unknown>) =>
    p.then(refresh).catch((e: Error) => {
      err.textContent = e.message;
    });
  const minutes = Math.round((Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000);
  return h(
    'div',
    { class: 'change' },
    reason,
    h(
      'button',
      { class: 'secondary', 'data-testid': 'cancel-session', onclick: () => void run(api.cancel(s.id, reason.value.trim())) },
      t('cancel'),
    ),
    s.state === 'scheduled' ? start : null,
    s.state === 'scheduled'
      ? h(
          'button',
          {
            class: 'secondary',
            'data-testid': 'reschedule-session',
            onclick: () =>
              void run(
                api.reschedule(s.id, { startsAt: fromChinaLocalInput(start.value).toISOString(), minutes, reason: reason.value.trim() }),
              ),
          },
          t('reschedule'),
        )
      : null,
    err,
  );
}

/** Account roles that may play a session's recording (if listed on it): officials and lawyers. */
const REVIEWERS: ReadonlySet<string> = new Set([...OFFICIAL_ROLES, 'lawyer']);

export async function renderSessionList(root: HTMLElement, me: UserView): Promise<void> {
  const [{ sessions }, dash, { notifications }] = await Promise.all([
    api.sessions(),
    isOfficialRole(me.role) ? api.dashboard() : Promise.resolve({ deadlines: [] }),
    api.notifications(),
  ]);
  const refresh = () => void renderSessionList(root, me);
  const rows = sessions.map((s) =>
    h(
      'tr',
      { 'data-session-id': s.id, 'data-state': s.state },
      h('td', {}, s.caseNumber, h('br'), h('small', {}, s.caseTitle)),
      h('td', {}, t(`type.${s.type}`), h('br'), h('small', {}, s.title)),
      h('td', {}, fmt(s.startsAt), h('br'), h('small', {}, s.roomName ?? '')),
      h('td', {}, t(`sstate.${s.state}`), s.cancelReason ? h('small', {}, h('br'), s.cancelReason) : null),
      h('td', {}, s.participants.map((p) => `${p.displayName}（${t(`role.${p.sessionRole}`)}）`).join('、')),
      h(
        'td',
        { class: 'actions' },
        s.myParticipantId && !['ended', 'cancelled'].includes(s.state) && !(s.type === 'lawyer_meeting' && me.role === 'custody_officer')
          ? h('a', { class: 'button', href: `#/room/${s.id}`, 'data-testid': 'join' }, t('join'))
          : null,
        s.myParticipantId && s.recording !== 'forbidden' && ['ended', 'interrupted', 'live'].includes(s.state) && REVIEWERS.has(me.role)
          ? h('a', { class: 'button secondary', href: `#/recordings/${s.id}`, 'data-testid': 'recordings-link' }, t('recordings'))
          : null,
        s.canOpenKiosk && !['ended', 'cancelled'].includes(s.state)
          ? h('a', { class: 'button secondary', href: `#/kiosk/${s.id}`, 'data-testid': 'open-kiosk' }, t('openKiosk'))
          : null,
        changeControls(s, refresh),
      ),
    ),
  );
  const warnings = dash.deadlines.filter((d) => d.warning !== 'ok');
  mount(
    root,
    topbar(me),
    h(
      'main',
      { class: 'page' },
      isOfficialRole(me.role)
        ? h(
            'section',
            { 'data-testid': 'dashboard-deadlines' },
            h('h2', {}, t('dashboard')),
            warnings.length === 0
              ? h('p', {}, t('noWarnings'))
              : h(
                  'table',
                  { class: 'grid' },
                  h('thead', {}, h('tr', {}, ...[t('case'), t('rule'), t('person'), t('due'), t('status')].map((x) => h('th', {}, x)))),
                  h(
                    'tbody',
                    {},
                    ...warnings.map((d) =>
                      h(
                        'tr',
                        { class: `warn-${d.warning}`, 'data-rule': d.rule },
                        h('td', {}, h('a', { href: `#/cases/${d.caseId}` }, d.caseNumber)),
                        h('td', {}, `${d.rule} ${d.what}（${d.law}）`),
                        h('td', {}, d.personName ?? '—'),
                        h('td', {}, fmt(d.dueAt)),
                        h('td', {}, t(`warn.${d.warning}`)),
                      ),
                    ),
                  ),
                ),
          )
        : null,
      h('h2', {}, t('mySessions')),
      sessions.length === 0
        ? h('p', {}, t('noSessions'))
        : h(
            'table',
            { class: 'sessions' },
            h('thead', {}, h('tr', {}, ...[t('case'), t('type'), t('time'), t('state'), t('participants'), ''].map((x) => h('th', {}, x)))),
            h('tbody', {}, ...rows),
          ),
      notifications.length
        ? h(
            'section',
            { 'data-testid': 'my-notices' },
            h('h2', {}, t('myNotices')),
            h(
              'ul',
              {},
              ...notifications
                .slice(0, 10)
                .map((n) => h('li', { 'data-kind': n.kind }, `${fmt(n.createdAt)} ${n.body}（${t(`ns.${n.state}`)}）`)),
            ),
          )
        : null,
    ),
  );
}
