// The week calendar of a custody center: one row per room, one column per day, with windows,
// outages and sessions (those I may not see appear as "booked").
import { chinaDate, chinaDisplay } from '../../server/vocabulary';
import type { UserView } from '../../server/auth';
import { api } from '../shared/api';
import { h, mount } from '../shared/dom';
import { t } from '../shared/i18n';
import { mondayOf, topbar } from '../shared/nav';

const hm = (iso: string) => chinaDisplay(iso).slice(11, 16);
const dayOf = (iso: string) => chinaDate(new Date(iso));

export async function renderCalendar(root: HTMLElement, me: UserView, params: URLSearchParams): Promise<void> {
  const { centers } = await api.centers();
  const centerId = params.get('center') ?? (me.agencyKind === 'custody_center' ? me.agencyId : centers[0]?.id);
  const week = params.get('week') ?? mondayOf(new Date());
  if (!centerId) {
    mount(root, topbar(me), h('main', { class: 'page' }, h('p', {}, '—')));
    return;
  }
  const { calendar } = await api.calendar(centerId, week);
  const days = Array.from({ length: 7 }, (_, i) => new Date(Date.parse(`${week}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
  const go = (c: string, w: string) => {
    location.hash = `#/calendar?center=${c}&week=${w}`;
  };
  const shift = (n: number) => new Date(Date.parse(`${week}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const picker = h(
    'select',
    { onchange: () => go(picker.value, week) },
    ...centers.map((c) => h('option', { value: c.id, selected: c.id === centerId }, c.name)),
  );
  mount(
    root,
    topbar(me),
    h(
      'main',
      { class: 'page', 'data-testid': 'calendar' },
      h('h2', {}, t('calendar')),
      h(
        'p',
        {},
        picker,
        ' ',
        h('button', { class: 'secondary', onclick: () => go(centerId, shift(-7)) }, t('prevWeek')),
        ' ',
        h('b', {}, `${days[0]} – ${days[6]}`),
        ' ',
        h('button', { class: 'secondary', onclick: () => go(centerId, shift(7)) }, t('nextWeek')),
      ),
      h(
        'table',
        { class: 'grid' },
        h('thead', {}, h('tr', {}, h('th', {}, t('room')), ...days.map((d) => h('th', {}, d)))),
        h(
          'tbody',
          {},
          ...calendar.rooms.map((r) =>
            h(
              'tr',
              { 'data-room-id': r.id },
              h('th', {}, r.name, h('br'), h('small', {}, `${t('windows')}：${r.windows.map((w) => `${w.start}-${w.end}`).join('，')}`)),
              ...days.map((d) =>
                h(
                  'td',
                  {},
                  ...calendar.outages
                    .filter((o) => o.roomId === r.id && dayOf(o.startsAt) <= d && dayOf(o.endsAt) >= d)
                    .map((o) => h('span', { class: 'cal-entry outage' }, `${t('outOfService')}：${o.reason}`)),
                  ...calendar.entries
                    .filter((e) => e.roomId === r.id && dayOf(e.busy ? e.startsAt : e.session.startsAt) === d)
                    .map((e) =>
                      e.busy
                        ? h('span', { class: 'cal-entry busy' }, `${hm(e.startsAt)}-${hm(e.endsAt)} ${t('busy')}`)
                        : h(
                            'span',
                            { class: 'cal-entry', 'data-session-id': e.session.id },
                            `${hm(e.session.startsAt)}-${hm(e.session.endsAt)} ${t(`type.${e.session.type}`)} · ${e.session.caseNumber} · ${t(`sstate.${e.session.state}`)}`,
                          ),
                    ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
