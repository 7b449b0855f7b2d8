// How a case_persons row becomes a CasePerson (shared by the repos that read persons).
import type { CasePerson } from './cases.types';

export type PersonRow = {
  id: string;
  case_id: string;
  name: string;
  person_role: CasePerson['personRole'];
  id_number_last4: string;
  custody_status: CasePerson['custodyStatus'];
  custody_center_id: string | null;
  admitted_at?: Date | null;
};

export const toPerson = (r: PersonRow): CasePerson => ({
  id: r.id,
  caseId: r.case_id,
  name: r.name,
  personRole: r.person_role,
  idNumberLast4: r.id_number_last4,
  custodyStatus: r.custody_status,
  custodyCenterId: r.custody_center_id,
  admittedAt: r.admitted_at ?? null,
});
