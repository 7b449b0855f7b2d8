// Booking form: case (or, for a lawyer, the client), type, detainee, custody room, slot and
// participants. As fields change it asks the server for conflicts, problems and the case's deadlines.
import { bookableTypes, type SessionRole, type UserRole } from '../../server/vocabulary';
import { fromChinaLocalInput } from '../../server/vocabulary';
import type { UserView } from '../../server/auth';
import type { BookInput } from '../../server/scheduling';
import { api, type ApiError } from '../shared/api';
import { h, mount } from '../shared/dom';
import { t } from '../shared/i18n';
import { fmt, topbar } from '../shared/nav';

/** The session role an account takes when ticked in the participants list (a lawyer as defence lawyer). */
const LISTED_ROLE: Record<UserRole, SessionRole | null> = {
  investigator: 'investigator',
  prosecutor: 'prosecutor',
  judge: 'judge',
  clerk: 'clerk',
  lawyer: 'defence_lawyer',
  custody_officer: 'custody_officer',
  interpreter: 'interpreter',
  observer: 'observer',
  admin: null,
  kiosk_device: null,
  mediator: 'mediator',
  party_guest: null,
};

export async function renderBook(root: HTMLElement, me: UserView): Promise<void> {
  const lawyer = me.role === 'lawyer';
  const [cases, clients, { centers }, { users }] = await Promise.all([
    lawyer ? Promise.resolve({ cases: [] }) : api.cases(),
    lawyer ? api.clients() : Promise.resolve({ clients: [] }),
    api.centers(),
    api.directory(),
  ]);
  const sel = (testid: string, opts: [string, string][], onchange?: () => void) =>
    h('select', { 'data-testid': testid, onchange }, ...opts.map(([v, l]) => h('option', { value: v }, l)));
  const type = sel(
    'book-type',
    bookableTypes(me.role).map((x) => [x, t(`type.${x}`)]),
    () => void refreshCheck(),
  );
  const kase = sel(
    'book-case',
    cases.cases.map((c) => [c.id, `${c.caseNumber} ${c.title}`]),
    () => void loadPersons(),
  );
  const person = sel('book-person', [], () => void refreshCheck());
  const center = sel(
    'book-center',
    centers.map((c) => [c.id, c.name]),
    () => void loadRooms(),
  );
  const room = sel('book-room', [], () => void refreshCheck());
  const start = h('input', { type: 'datetime-local', 'data-testid': 'book-start', onchange: () => void refreshCheck() });
  const minutes = h('input', {
    type: 'number',
    min: 5,
    max: 480,
    value: 60,
    'data-testid': 'book-minutes',
    onchange: () => void refreshCheck(),
  });
  const title = h('input', { type: 'text', 'data-testid': 'book-title', value: '' });
  // NOTE: one party per line, "姓名 手机号"; only a mediation takes them.
  const parties = h('textarea', {
    'data-testid': 'book-parties',
    rows: 3,
    placeholder: '张某 13800138000',
    onchange: () => void refreshCheck(),
  });
  const partiesOf = () =>
    parties.value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const m = /^(.+?)[\s,，]+(\S+)$/.exec(l);
        return { name: (m?.[1] ?? l).trim(), mobile: (m?.[2] ?? '').trim() };
      });
  // NOTE: only a fast-track trial of a case off the fast-track procedure needs it; the server says when.
  const override = h('input', {
    type: 'text',
    'data-testid': 'book-override',
    placeholder: t('overrideHint'),
    onchange: () => void refreshCheck(),
  });
  const picks = h(
    'div',
    { class: 'picks', 'data-testid': 'book-participants' },
    ...users
      .filter((u) => u.id !== me.id && LISTED_ROLE[u.role])
      .map((u) =>
        h(
          'label',
          {},
          h('input', {
            type: 'checkbox',
            value: u.id,
            'data-role': LISTED_ROLE[u.role] ?? '',
            'data-username': u.displayName,
            onchange: () => void refreshCheck(),
          }),
          ` ${u.displayName}（${t(`role.${u.role}`)} · ${u.agencyName}）`,
        ),
      ),
  );
  const checkBox = h('div', { class: 'check-box', 'data-testid': 'book-check' });
  const err = h('p', { class: 'error', role: 'alert', 'data-testid': 'book-error' });

  async function loadPersons(): Promise<void> {
    const opts: [string, string][] = lawyer
      ? clients.clients.map((c) => [c.personId, `${c.personName} · ${c.caseNumber}`])
      : kase.value
        ? (await api.caseView(kase.value)).case.persons.map((p) => [p.id, `${p.name}（${t(`cs.${p.custodyStatus}`)}）`])
        : [];
    person.replaceChildren(h('option', { value: '' }, '—'), ...opts.map(([v, l]) => h('option', { value: v }, l)));
    if (opts[0]) person.value = opts[0][0];
    await refreshCheck();
  }
  async function loadRooms(): Promise<void> {
    const { rooms } = center.value ? await api.rooms(center.value) : { rooms: [] };
    room.replaceChildren(
      ...rooms.map((r) => h('option', { value: r.id }, `${r.name}（${r.windows.map((w) => `${w.start}-${w.end}`).join('，')}）`)),
    );
    await refreshCheck();
  }
  function input(): BookInput | null {
    if (!start.value) return null;
    const participants = [...picks.querySelectorAll<HTMLInputElement>('input:checked')].map((c) => ({
      userId: c.value,
      sessionRole: c.dataset.role as never,
    }));
    const myRole = LISTED_ROLE[me.role];
    return {
      ...(lawyer ? {} : { caseId: kase.value }),
      type: type.value as never,
      title: title.value.trim() || t(`type.${type.value}`),
      ...(room.value ? { custodyRoomId: room.value } : {}),
      ...(person.value ? { personId: person.value } : {}),
      startsAt: fromChinaLocalInput(start.value).toISOString(),
      minutes: Number(minutes.value),
      participants: lawyer ? participants : [{ userId: me.id, sessionRole: myRole }, ...participants],
      ...(override.value.trim() ? { eligibilityOverride: override.value.trim() } : {}),
      ...(type.value === 'mediation' && partiesOf().length ? { parties: partiesOf() } : {}),
    } as unknown as BookInput;
  }
  async function refreshCheck(): Promise<void> {
    const i = input();
    if (!i) return;
    const c = await api.check(i).catch((e: Error) => ({
      ok: false,
      conflicts: [],
      problems: [{ error: 'invalid_request', message: e.message }],
      warnings: [],
      deadlines: [],
    }));
    checkBox.replaceChildren(
      h('p', { 'data-ok': String(c.ok) }, c.ok ? `✔ ${t('noConflicts')}` : `✖ ${t('conflicts')}`),
      h(
        'ul',
        { class: 'error' },
        ...c.conflicts.map((x) => h('li', { 'data-conflict': x.kind }, `${x.kind}：${fmt(x.startsAt)}-${fmt(x.endsAt)} · ${x.sessionId}`)),
        ...c.problems.map((p) => h('li', { 'data-problem': p.error }, p.message)),
      ),
      h('ul', {}, ...c.warnings.map((w) => h('li', { class: 'warn-t-24h' }, w.message))),
      h(
        'table',
        { class: 'grid' },
        h(
          'tbody',
          {},
          ...c.deadlines.map((d) =>
            h(
              'tr',
              { class: `warn-${d.warning}` },
              h('td', {}, `${d.rule} ${d.what}`),
              h('td', {}, d.personName ?? '—'),
              h('td', {}, fmt(d.dueAt)),
              h('td', {}, t(`warn.${d.warning}`)),
            ),
          ),
        ),
      ),
    );
  }
  const form = h(
    'form',
    {
      class: 'book',
      'data-testid': 'book-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        err.textContent = '';
        const i = input();
        if (!i) {
          err.textContent = t('start');
          return;
        }
        api
          .book(i)
          .then(({ session }) => {
            location.hash = `#/sessions?booked=${session.id}`;
          })
          .catch((x: ApiError) => {
            err.textContent = x.message;
            void refreshCheck();
          });
      },
    },
    h('label', {}, t('type')),
    type,
    ...(lawyer ? [] : [h('label', {}, t('case')), kase]),
    h('label', {}, t('person')),
    person,
    h('label', {}, t('calendar')),
    center,
    h('label', {}, t('room')),
    room,
    h('label', {}, t('start')),
    start,
    h('label', {}, t('minutes')),
    minutes,
    h('label', {}, t('title')),
    title,
    h('label', {}, t('participantsPick')),
    picks,
    ...(bookableTypes(me.role).includes('fast_track_trial') ? [h('label', {}, t('overrideReason')), override] : []),
    ...(bookableTypes(me.role).includes('mediation') ? [h('label', {}, t('partiesPick')), parties] : []),
    checkBox,
    err,
    h('button', { type: 'submit', 'data-testid': 'book-submit' }, t('submit')),
  );
  mount(root, topbar(me), h('main', { class: 'page' }, h('h2', {}, t('book')), form));
  await Promise.all([loadPersons(), loadRooms()]);
}
