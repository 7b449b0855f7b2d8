import type { DeadlineView } from '../cases';
import type { CustodyMovement, CustodyStatus, LawyerRole, PersonRole, ReleaseStatus, RosterState } from '../vocabulary';

export type Movement = {
  id: string;
  personId: string;
  kind: CustodyMovement;
  at: Date;
  fromCenterId: string | null;
  toCenterId: string | null;
  newStatus: ReleaseStatus | null;
  documentRef: string;
  note: string;
  recordedBy: string;
};

/** A movement as the console lists it, with the centers' and the recorder's names. */
export type MovementView = Omit<Movement, 'at'> & {
  at: string;
  fromCenterName: string | null;
  toCenterName: string | null;
  recordedByName: string;
};

/** A person on the center's roster with the deadlines that run for them and their lawyers' papers. */
export type RosterEntry = {
  personId: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  name: string;
  personRole: PersonRole;
  idNumberMasked: string;
  custodyStatus: CustodyStatus;
  rosterState: RosterState;
  admittedAt: string | null;
  deadlines: DeadlineView[];
  lawyers: { representationId: string; lawyerName: string; lawyerKind: LawyerRole; papersPresentedAt: string; d11: DeadlineView | null }[];
};
