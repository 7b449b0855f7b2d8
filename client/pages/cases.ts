// Cases my agency holds or was sent, and the case page: persons (ID numbers masked), key dates,
// approved extensions and the statutory deadlines with graded warnings.
import type { UserView } from '../../server/auth/auth.types';
import { api } from '../shared/api';
import { h, mount } from '../shared/dom';
import { t } from '../shared/i18n';
import { fmt, topbar } from '../shared/nav';

export async function renderCases(root: HTMLElement, me: UserView): Promise<void> {
  const { cases } = await api.cases();
  mount(root, topbar(me), h('main', { class: 'page' }, h('h2', {}, t('cases')),
    h('table', { class: 'grid' }, h('tbody', {}, ...cases.map((c) => h('tr', {},
      h('td', {}, h('a', { href: `#/cases/${c.id}` }, c.caseNumber)), h('td', {}, c.title), h('td', {}, c.charge), h('td', {}, c.stage)))))));
}

export async function renderCase(root: HTMLElement, me: UserView, id: string): Promise<void> {
  const { case: c } = await api.caseView(id);
  const personName = (pid: string | null) => c.persons.find((p) => p.id === pid)?.name ?? '—';
  mount(root, topbar(me), h('main', { class: 'page', 'data-testid': 'case-page' },
    h('h2', {}, `${c.caseNumber} ${c.title}`),
    h('p', {}, `${t('charge')}：${c.charge} · ${t('stage')}：${c.stage} · ${t('holder')}：${c.holderAgencyName}`),
    h('h3', {}, t('persons')),
    h('table', { class: 'grid' }, h('tbody', {}, ...c.persons.map((p) => h('tr', {},
      h('td', {}, p.name), h('td', {}, p.personRole), h('td', {}, `${t('idNumber')} ${p.idNumberMasked}`), h('td', {}, `${t('custody')}：${p.custodyStatus}`))))),
    h('h3', {}, t('dashboard')),
    h('table', { class: 'grid', 'data-testid': 'case-deadlines' },
      h('thead', {}, h('tr', {}, ...[t('rule'), t('person'), t('due'), t('status')].map((x) => h('th', {}, x)))),
      h('tbody', {}, ...c.deadlines.map((d) => h('tr', { class: `warn-${d.warning}`, 'data-rule': d.rule },
        h('td', {}, `${d.rule} ${d.what}（${d.law}）${d.extensions ? ` +${d.extensions}` : ''}`), h('td', {}, d.personName ?? '—'),
        h('td', {}, `${fmt(d.dueAt)}${d.rolledFrom ? `（${d.rolledFrom} 顺延）` : ''}`),
        h('td', {}, `${t(`dl.${d.status}`)} · ${t(`warn.${d.warning}`)}`))))),
    h('h3', {}, t('keyDates')),
    h('ul', {}, ...c.keyDates.map((k) => h('li', {}, `${k.kind} · ${personName(k.personId)} · ${fmt(k.at)}`))),
    h('h3', {}, t('extensions')),
    c.extensions.length === 0 ? h('p', { class: 'empty' }, '—') : h('ul', {}, ...c.extensions.map((e) =>
      h('li', {}, `${e.rule} +${e.amount} · ${e.approver} · ${e.documentRef} · ${e.reason}`)))));
}
