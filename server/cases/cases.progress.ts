// Telling a case's complainant and victim of a step in it (执法公开), in the step's transaction.
import type { AuthUser } from '../auth';
import type { Trx } from '../db/db';
import { type CaseProgress, queueCaseProgress } from '../notifications';
import * as contacts from './cases.contacts.repo';
import type { Case } from './cases.types';

export async function tellContacts(trx: Trx, c: Case, progress: CaseProgress, user: AuthUser): Promise<void> {
  const list = await contacts.listContacts(trx, c.id);
  await queueCaseProgress(trx, c, list, progress, { userId: user.id, agencyId: user.agencyId });
}

export const maskMobile = (m: string): string => `${m.slice(0, 3)}****${m.slice(-4)}`;
