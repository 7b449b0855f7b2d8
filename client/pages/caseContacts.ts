// 报案人 / 被害人 on the case page: who is told of the case's progress by SMS (执法公开), the form
// that registers one (the holding agency only), and the notices they were sent.
import { CONTACT_ROLES } from '../../server/vocabulary';
import type { CaseView } from '../../server/cases';
import { api } from '../shared/api';
import { h } from '../shared/dom';
import { field, submitForm } from '../shared/forms';
import { t } from '../shared/i18n';
import { fmt } from '../shared/nav';

export function contactsSection(c: CaseView, again: () => void): HTMLElement {
  const name = h('input', { name: 'name', required: true, 'data-testid': 'contact-name' });
  const role = h(
    'select',
    { name: 'contactRole', 'data-testid': 'contact-role' },
    ...CONTACT_ROLES.map((r) => h('option', { value: r }, t(`cr.${r}`))),
  );
  const mobile = h('input', { name: 'mobile', type: 'tel', required: true, 'data-testid': 'contact-mobile' });
  return h(
    'section',
    { 'data-testid': 'case-contacts' },
    h('h3', {}, t('caseContacts')),
    h('ul', {}, ...c.contacts.map((x) => h('li', {}, `${x.name} · ${t(`cr.${x.contactRole}`)} · ${x.mobileMasked}`))),
    c.access === 'holder'
      ? submitForm(
          'contact-add',
          [field(t('personName'), name), role, field(t('mobile'), mobile)],
          t('addContact'),
          () => api.addContact(c.id, { name: name.value, contactRole: role.value, mobile: mobile.value }),
          again,
        )
      : null,
    c.notices.length
      ? h(
          'ol',
          { class: 'notices', 'data-testid': 'case-notices' },
          ...c.notices.map((n) => h('li', {}, `${fmt(n.createdAt)} ${n.body}（${t(`ns.${n.state}`)}）`)),
        )
      : null,
  );
}
