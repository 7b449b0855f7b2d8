// 立案登记 on the cases page and 添加涉案人员 on a case page: officials never need the API.
import { CUSTODY_STATUSES, isOfficialRole, PERSON_ROLES } from '../../server/vocabulary';
import type { UserView } from '../../server/auth';
import { api } from '../shared/api';
import { h } from '../shared/dom';
import { field, submitForm } from '../shared/forms';
import { t } from '../shared/i18n';

/** Registers a case in the user's agency, then opens it. */
export function registerCaseForm(me: UserView): HTMLElement | null {
  if (!isOfficialRole(me.role)) return null;
  const caseNumber = h('input', { name: 'caseNumber', required: true, 'data-testid': 'case-number', placeholder: '某公刑立字〔2026〕1号' });
  const title = h('input', { name: 'title', required: true, 'data-testid': 'case-title' });
  const charge = h('input', { name: 'charge', required: true, 'data-testid': 'case-charge' });
  const fastTrack = h('input', { type: 'checkbox', name: 'fastTrack', 'data-testid': 'case-fast-track' });
  let created = '';
  return h(
    'section',
    { 'data-testid': 'case-register' },
    h('h3', {}, t('registerCase')),
    submitForm(
      'case-create',
      [field(t('caseNumber'), caseNumber), field(t('caseTitle'), title), field(t('charge'), charge), field(t('fastTrack'), fastTrack)],
      t('registerCase'),
      async () => {
        const { case: c } = await api.createCase({
          caseNumber: caseNumber.value,
          title: title.value,
          charge: charge.value,
          fastTrack: fastTrack.checked,
        });
        created = c.id;
      },
      () => {
        location.hash = `#/cases/${created}`;
      },
    ),
  );
}

/** Adds a suspect or defendant (ID number sealed at rest; custody center when held). */
export async function personForm(caseId: string, done: () => void): Promise<HTMLElement> {
  const { centers } = await api.centers();
  const name = h('input', { name: 'name', required: true, 'data-testid': 'person-name' });
  const role = h(
    'select',
    { name: 'personRole', 'data-testid': 'person-role' },
    ...PERSON_ROLES.map((r) => h('option', { value: r }, t(`pr.${r}`))),
  );
  const idNumber = h('input', { name: 'idNumber', required: true, maxlength: 18, autocomplete: 'off', 'data-testid': 'person-id-number' });
  const status = h(
    'select',
    { name: 'custodyStatus', 'data-testid': 'person-custody' },
    ...CUSTODY_STATUSES.map((s) => h('option', { value: s }, t(`cs.${s}`))),
  );
  const center = h(
    'select',
    { name: 'custodyCenterId', 'data-testid': 'person-center' },
    h('option', { value: '' }, '—'),
    ...centers.map((c) => h('option', { value: c.id }, c.name)),
  );
  return h(
    'section',
    { 'data-testid': 'person-add' },
    h('h3', {}, t('addPerson')),
    submitForm(
      'person-create',
      [
        field(t('personName'), name),
        field(t('personRole'), role),
        field(t('idNumber'), idNumber),
        field(t('custody'), status),
        field(t('custodyCenter'), center),
      ],
      t('addPerson'),
      () =>
        api.addPerson(caseId, {
          name: name.value,
          personRole: role.value,
          idNumber: idNumber.value,
          custodyStatus: status.value,
          custodyCenterId: center.value || null,
        }),
      done,
    ),
  );
}
