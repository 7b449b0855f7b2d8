// A case's complainant (报案人) and victim (被害人): registered by the holding agency with a mobile
// number, told by SMS when they are registered, when the case is sent on and when its stage changes
// (执法公开). The notices name the case number and the agency, never a suspect.
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import type { Db } from '../db/db';
import { Forbidden } from '../errors';
import { queueCaseProgress } from '../notifications';
import { CONTACT_ROLE_LABELS } from '../vocabulary';
import { canManageCase } from './cases.access';
import * as contacts from './cases.contacts.repo';
import type { ContactInput } from './cases.schema';
import { getCaseFor } from './cases.service';
import { maskMobile } from './cases.progress';

/** The holding agency registers a complainant or victim; they are told by SMS at once. */
export async function addContact(db: Db, user: AuthUser, caseId: string, input: ContactInput) {
  return db.transaction(async (trx) => {
    const c = await getCaseFor(trx, user, caseId);
    if (!canManageCase(c.access)) throw Forbidden(`only the agency holding case ${caseId} may change it`);
    const made = await contacts.insertContact(trx, {
      caseId,
      name: input.name,
      contactRole: input.contactRole,
      mobile: input.mobile,
      recordedBy: user.id,
    });
    // NOTE: the mobile number is personal data: the audit trail names the contact, not the number.
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'case.contact_add',
      objectType: 'case',
      objectId: caseId,
      outcome: 'success',
      detail: { contactId: made.id, contactRole: made.contactRole },
    });
    await queueCaseProgress(
      trx,
      c,
      [made],
      { event: 'registered', roleLabel: CONTACT_ROLE_LABELS[made.contactRole]['zh-CN'] },
      {
        userId: user.id,
        agencyId: user.agencyId,
      },
    );
    return { id: made.id, name: made.name, contactRole: made.contactRole, mobileMasked: maskMobile(made.mobile) };
  });
}
