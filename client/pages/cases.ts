// Cases my agency holds or was sent, and the case page: persons (ID numbers masked), key dates,
// approved extensions and the statutory deadlines with graded warnings.
import { fromChinaLocalInput, KEY_DATE_KINDS, ONLINE_TRIAL_EXCLUSIONS, PEER_KINDS } from '../../server/vocabulary';
import { field, submitForm } from '../shared/forms';
import type { UserView } from '../../server/auth';
import type { CaseView } from '../../server/cases';
import { api } from '../shared/api';
import { h, mount } from '../shared/dom';
import { t } from '../shared/i18n';
import { fmt, topbar } from '../shared/nav';
import { contactsSection } from './caseContacts';
import { personForm, registerCaseForm } from './caseRegister';
import { dossierSection } from './dossier';

export async function renderCases(root: HTMLElement, me: UserView): Promise<void> {
  const { cases } = await api.cases();
  mount(
    root,
    topbar(me),
    h(
      'main',
      { class: 'page' },
      h('h2', {}, t('cases')),
      registerCaseForm(me),
      h(
        'table',
        { class: 'grid', 'data-testid': 'case-list' },
        h(
          'tbody',
          {},
          ...cases.map((c) =>
            h(
              'tr',
              {},
              h('td', {}, h('a', { href: `#/cases/${c.id}` }, c.caseNumber)),
              h('td', {}, c.title),
              h('td', {}, c.charge),
              h('td', {}, t(`stage.${c.stage}`)),
            ),
          ),
        ),
      ),
    ),
  );
}

/** 本案会话: the case's sessions (lawyer meetings left out), each ended recorded one linked to its recordings. */
async function sessionsSection(caseId: string): Promise<HTMLElement> {
  const { sessions } = await api.caseSessions(caseId);
  return h(
    'section',
    { 'data-testid': 'case-sessions' },
    h('h3', {}, t('caseSessions')),
    sessions.length === 0
      ? h('p', { class: 'empty' }, '—')
      : h(
          'ul',
          {},
          ...sessions.map((s) =>
            h(
              'li',
              { 'data-session': s.id },
              `${fmt(s.startsAt)} ${t(`type.${s.type}`)} · ${s.title} · ${t(`sstate.${s.state}`)} `,
              s.state === 'ended' && s.recording !== 'forbidden'
                ? h('a', { href: `#/recordings/${s.id}`, 'data-testid': 'case-session-recordings' }, t('recordings'))
                : null,
            ),
          ),
        ),
  );
}

/** Whether the case may be tried online: 适用速裁 and the reason it never may (在线诉讼规则). */
function onlineForm(c: CaseView, again: () => void): HTMLElement {
  const reason = h(
    'select',
    { name: 'onlineExclusion', 'data-testid': 'online-exclusion' },
    h('option', { value: '' }, '—'),
    ...ONLINE_TRIAL_EXCLUSIONS.map((x) => h('option', { value: x, selected: c.onlineExclusion === x }, t(`ox.${x}`))),
  );
  return submitForm(
    'case-online-form',
    [field(t('onlineExclusion'), reason)],
    t('save'),
    () => api.updateCase(c.id, { onlineExclusion: reason.value || null }),
    again,
  );
}

/** 共享案件: grant a procuratorate or court on this instance access to the case (audited as case.send). */
async function shareForm(c: CaseView, again: () => void): Promise<HTMLElement> {
  const { agencies } = await api.agencyDirectory();
  const to = h(
    'select',
    { name: 'agencyId', 'data-testid': 'share-agency' },
    ...agencies
      .filter(
        (a) => (PEER_KINDS as readonly string[]).includes(a.kind) && a.kind !== 'police' && !c.sharedWith.some((s) => s.agencyId === a.id),
      )
      .map((a) => h('option', { value: a.id }, `${a.name}（${t(`ak.${a.kind}`)}）`)),
  );
  return h(
    'section',
    { 'data-testid': 'case-share' },
    h('h3', {}, t('shareCase')),
    h('p', { 'data-testid': 'shared-with' }, `${t('sharedWith')}：${c.sharedWith.map((s) => s.name).join('、') || '—'}`),
    submitForm('case-share-form', [to], t('shareCase'), () => api.sendCase(c.id, to.value), again),
  );
}

/** Forms to record a key date and an approved extension (approver and document); both re-render the page. */
function caseForms(c: CaseView, refresh: () => void): HTMLElement {
  const err = h('p', { class: 'error', role: 'alert' });
  const run = (p: Promise<unknown>) =>
    p.then(refresh).catch((e: Error) => {
      err.textContent = e.message;
    });
  const personSel = () => h('select', {}, h('option', { value: '' }, '—'), ...c.persons.map((p) => h('option', { value: p.id }, p.name)));
  const kdPerson = personSel();
  kdPerson.dataset.testid = 'keydate-person';
  const kdKind = h('select', { 'data-testid': 'keydate-kind' }, ...KEY_DATE_KINDS.map((k) => h('option', { value: k }, t(`kd.${k}`))));
  const kdAt = h('input', { type: 'datetime-local', 'data-testid': 'keydate-at' });
  const exPerson = personSel();
  const exRule = h('select', {}, ...['D4', 'D6', 'D7', 'D15'].map((r) => h('option', { value: r }, r)));
  const exAmount = h('input', { type: 'number', min: 1, max: 27, value: 1 });
  const exApprover = h('input', { type: 'text', placeholder: t('approver') });
  const exDoc = h('input', { type: 'text', placeholder: t('documentRef') });
  const exReason = h('input', { type: 'text', placeholder: t('reason') });
  return h(
    'section',
    { class: 'case-forms' },
    h('h3', {}, t('addKeyDate')),
    h(
      'div',
      { class: 'row' },
      kdPerson,
      kdKind,
      kdAt,
      h(
        'button',
        {
          'data-testid': 'keydate-save',
          onclick: () =>
            void run(
              api.setKeyDate(c.id, {
                personId: kdPerson.value || null,
                kind: kdKind.value,
                at: fromChinaLocalInput(kdAt.value).toISOString(),
              }),
            ),
        },
        t('submit'),
      ),
    ),
    h('h3', {}, t('addExtension')),
    h(
      'div',
      { class: 'row' },
      exPerson,
      exRule,
      exAmount,
      exApprover,
      exDoc,
      exReason,
      h(
        'button',
        {
          onclick: () =>
            void run(
              api.addExtension(c.id, {
                personId: exPerson.value || null,
                rule: exRule.value,
                amount: Number(exAmount.value),
                approver: exApprover.value.trim(),
                documentRef: exDoc.value.trim(),
                reason: exReason.value.trim(),
              }),
            ),
        },
        t('submit'),
      ),
    ),
    err,
  );
}

export async function renderCase(root: HTMLElement, me: UserView, id: string): Promise<void> {
  const { case: c } = await api.caseView(id);
  const personName = (pid: string | null) => c.persons.find((p) => p.id === pid)?.name ?? '—';
  mount(
    root,
    topbar(me),
    h(
      'main',
      { class: 'page', 'data-testid': 'case-page' },
      h('h2', {}, `${c.caseNumber} ${c.title}`),
      h('p', {}, `${t('charge')}：${c.charge} · ${t('stage')}：${t(`stage.${c.stage}`)} · ${t('holder')}：${c.holderAgencyName}`),
      h('h3', {}, t('persons')),
      h(
        'table',
        { class: 'grid' },
        h(
          'tbody',
          {},
          ...c.persons.map((p) =>
            h(
              'tr',
              {},
              h('td', {}, p.name),
              h('td', {}, t(`pr.${p.personRole}`)),
              h('td', {}, `${t('idNumber')} ${p.idNumberMasked}`),
              h('td', {}, `${t('custody')}：${t(`cs.${p.custodyStatus}`)}`),
            ),
          ),
        ),
      ),
      h('h3', {}, t('dashboard')),
      h(
        'table',
        { class: 'grid', 'data-testid': 'case-deadlines' },
        h('thead', {}, h('tr', {}, ...[t('rule'), t('person'), t('due'), t('status')].map((x) => h('th', {}, x)))),
        h(
          'tbody',
          {},
          ...c.deadlines.map((d) =>
            h(
              'tr',
              { class: `warn-${d.warning}`, 'data-rule': d.rule },
              h('td', {}, `${d.rule} ${d.what}（${d.law}）${d.extensions ? ` +${d.extensions}` : ''}`),
              h('td', {}, d.personName ?? '—'),
              h(
                'td',
                {},
                `${fmt(d.dueAt)}${d.rolledFrom ? `（${d.rolledFrom} ${t('rolledOver')}）` : ''}`,
                ...(d.calendarMissing
                  ? [
                      h(
                        'div',
                        { class: 'warn-calendar', 'data-testid': 'calendar-missing' },
                        `${t('calendarMissing')}：${d.calendarMissing.join('、')}`,
                      ),
                    ]
                  : []),
              ),
              h('td', {}, `${t(`dl.${d.status}`)} · ${t(`warn.${d.warning}`)}`),
            ),
          ),
        ),
      ),
      h('h3', {}, t('keyDates')),
      h('ul', {}, ...c.keyDates.map((k) => h('li', {}, `${t(`kd.${k.kind}`)} · ${personName(k.personId)} · ${fmt(k.at)}`))),
      h('h3', {}, t('extensions')),
      c.extensions.length === 0
        ? h('p', { class: 'empty' }, '—')
        : h('ul', {}, ...c.extensions.map((e) => h('li', {}, `${e.rule} +${e.amount} · ${e.approver} · ${e.documentRef} · ${e.reason}`))),
      caseForms(c, () => void renderCase(root, me, id)),
      c.access === 'holder' ? await shareForm(c, () => void renderCase(root, me, id)) : null,
      c.access === 'holder' ? onlineForm(c, () => void renderCase(root, me, id)) : null,
      contactsSection(c, () => void renderCase(root, me, id)),
      c.access === 'holder' ? await personForm(c.id, () => void renderCase(root, me, id)) : null,
      await sessionsSection(c.id),
      await dossierSection(c.id, c.access === 'holder'),
    ),
  );
}
