// 看守所工作台: the custody center's roster. Each person sent to the center or held there, with the
// deadlines that run for them, their custody movements (收押, 转押, 出所) and their lawyers' papers
// (律师三证, which start the 48-hour meeting deadline D11). Kiosks and rooms are on 羁押室管理.
import { chinaLocalInput, fromChinaLocalInput, LAWYER_ROLES, RELEASE_STATUSES } from '../../server/vocabulary';
import type { UserView } from '../../server/auth';
import type { RosterEntry } from '../../server/custody';
import type { CustodyCenter } from '../../server/rooms';
import { api } from '../shared/api';
import { h, mount } from '../shared/dom';
import { field, submitForm } from '../shared/forms';
import { t } from '../shared/i18n';
import { fmt, topbar } from '../shared/nav';

type Lawyer = { id: string; displayName: string; agencyName: string };

const when = (name: string) =>
  h('input', { type: 'datetime-local', name, required: true, value: chinaLocalInput(new Date()), 'data-testid': `${name}-at` });
const doc = (testid: string) => h('input', { name: 'documentRef', required: true, placeholder: t('documentRef'), 'data-testid': testid });
const at = (input: HTMLInputElement) => fromChinaLocalInput(input.value).toISOString();

function movementForms(p: RosterEntry, centers: CustodyCenter[], again: () => void): HTMLElement[] {
  if (p.rosterState === 'awaiting_admission') {
    const a = when('admit');
    const d = doc('admit-doc');
    return [
      submitForm(
        'custody-admit',
        [field(t('mv.admission'), a), d],
        t('mv.admission'),
        () => api.move(p.personId, 'admit', { at: at(a), documentRef: d.value }),
        again,
      ),
    ];
  }
  const to = h('select', { name: 'toCenterId', 'data-testid': 'transfer-to' }, ...centers.map((c) => h('option', { value: c.id }, c.name)));
  const ta = when('transfer');
  const td = doc('transfer-doc');
  const status = h(
    'select',
    { name: 'newStatus', 'data-testid': 'release-status' },
    ...RELEASE_STATUSES.map((s) => h('option', { value: s }, t(`cs.${s}`))),
  );
  const ra = when('release');
  const rd = doc('release-doc');
  const transfer = submitForm(
    'custody-transfer',
    [field(t('transferTo'), to), ta, td],
    t('mv.transfer'),
    () => api.move(p.personId, 'transfer', { toCenterId: to.value, at: at(ta), documentRef: td.value }),
    again,
  );
  return [
    ...(centers.length ? [transfer] : []),
    submitForm(
      'custody-release',
      [field(t('releaseAs'), status), ra, rd],
      t('mv.release'),
      () => api.move(p.personId, 'release', { newStatus: status.value, at: at(ra), documentRef: rd.value }),
      again,
    ),
  ];
}

function lawyerForm(p: RosterEntry, lawyers: Lawyer[], again: () => void): HTMLElement {
  const who = h(
    'select',
    { name: 'lawyer', 'data-testid': 'lawyer-user' },
    ...lawyers.map((l) => h('option', { value: l.id }, `${l.displayName}（${l.agencyName}）`)),
  );
  const kind = h(
    'select',
    { name: 'lawyerKind', 'data-testid': 'lawyer-kind' },
    ...LAWYER_ROLES.map((k) => h('option', { value: k }, t(`role.${k}`))),
  );
  const presented = when('papers');
  return submitForm(
    'lawyer-register',
    [field(t('lawyer'), who), kind, field(t('papersPresentedAt'), presented)],
    t('registerPapers'),
    () => api.registerLawyer({ personId: p.personId, lawyerUserId: who.value, lawyerKind: kind.value, papersPresentedAt: at(presented) }),
    again,
  );
}

function movementsToggle(p: RosterEntry): HTMLElement {
  const list = h('ol', { class: 'movements', 'data-testid': 'movements' });
  const button = h(
    'button',
    {
      class: 'link',
      onclick: () =>
        void api
          .movements(p.personId)
          .then(({ movements }) =>
            list.replaceChildren(
              ...movements.map((m) =>
                h(
                  'li',
                  {},
                  `${fmt(m.at)} ${t(`mv.${m.kind}`)}${m.toCenterName && m.kind === 'transfer' ? ` → ${m.toCenterName}` : ''}${m.newStatus ? ` · ${t(`cs.${m.newStatus}`)}` : ''} · ${m.documentRef} · ${m.recordedByName}${m.note ? ` · ${m.note}` : ''}`,
                ),
              ),
            ),
          ),
    },
    t('showMovements'),
  );
  return h('div', {}, button, list);
}

function personCard(p: RosterEntry, centers: CustodyCenter[], lawyers: Lawyer[], again: () => void): HTMLElement {
  return h(
    'section',
    { class: `card roster-${p.rosterState}`, 'data-person': p.name, 'data-testid': 'roster-entry' },
    h('h3', {}, `${p.name} · ${t(`pr.${p.personRole}`)} · ${t(`cs.${p.custodyStatus}`)}`),
    h(
      'p',
      {},
      h('b', { 'data-testid': 'roster-state' }, t(`rs.${p.rosterState}`)),
      p.admittedAt ? ` ${t('admittedAt')} ${fmt(p.admittedAt)}` : '',
      ` · ${p.caseNumber} ${p.caseTitle} · ${t('idNumber')} ${p.idNumberMasked}`,
    ),
    h(
      'ul',
      { class: 'deadlines', 'data-testid': 'roster-deadlines' },
      ...p.deadlines.map((d) =>
        h(
          'li',
          { class: `warn-${d.warning}`, 'data-rule': d.rule },
          `${d.rule} ${d.what} · ${t('due')} ${fmt(d.dueAt)} · ${t(`warn.${d.warning}`)}`,
        ),
      ),
    ),
    ...movementForms(p, centers, again),
    movementsToggle(p),
    h('h4', {}, t('lawyersPapers')),
    h(
      'ul',
      { 'data-testid': 'roster-lawyers' },
      ...p.lawyers.map((l) =>
        h(
          'li',
          { class: l.d11 ? `warn-${l.d11.warning}` : '' },
          `${l.lawyerName} · ${t(`role.${l.lawyerKind}`)} · ${t('papersPresentedAt')} ${fmt(l.papersPresentedAt)}${l.d11 ? ` · D11 ${t('due')} ${fmt(l.d11.dueAt)} · ${t(`dl.${l.d11.status}`)}` : ''}`,
        ),
      ),
    ),
    lawyerForm(p, lawyers, again),
  );
}

export async function renderCustody(root: HTMLElement, me: UserView): Promise<void> {
  const [{ roster }, { centers }, { users }] = await Promise.all([api.roster(), api.centers(), api.directory()]);
  const lawyers = users.filter((u) => u.role === 'lawyer');
  const again = () => void renderCustody(root, me);
  const others = centers.filter((c) => c.id !== me.agencyId);
  mount(
    root,
    topbar(me),
    h(
      'main',
      { class: 'page', 'data-testid': 'custody-console' },
      h('h1', {}, t('custodyConsole')),
      h(
        'p',
        {},
        `${t('rs.awaiting_admission')} ${roster.filter((r) => r.rosterState === 'awaiting_admission').length} · ${t('rs.held')} ${roster.filter((r) => r.rosterState === 'held').length}`,
      ),
      roster.length === 0 ? h('p', { class: 'empty' }, t('rosterEmpty')) : null,
      ...roster.map((p) => personCard(p, others, lawyers, again)),
    ),
  );
}
