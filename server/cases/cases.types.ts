import type { DeadlineRule, WarningLevel } from '../deadlines';
import type { NoticeView } from '../notifications';
import {
  IN_CUSTODY_STATUSES,
  type CaseStage,
  type ContactRole,
  type CustodyStatus,
  type ExtendableRule,
  type KeyDateKind,
  type LawyerRole,
  type OnlineTrialExclusion,
  type PersonRole,
} from '../vocabulary';
export type { CustodyStatus, KeyDateKind } from '../vocabulary';

export type Case = {
  id: string;
  agencyId: string;
  caseNumber: string;
  title: string;
  charge: string;
  stage: CaseStage;
  fastTrack: boolean;
  sentenceOverOneYear: boolean;
  /** Why the case may never be tried online (null: no such reason). */
  onlineExclusion: OnlineTrialExclusion | null;
};

/** A suspect or defendant. The ID number is sealed; only its last four characters are readable. */
export type CasePerson = {
  id: string;
  caseId: string;
  name: string;
  personRole: PersonRole;
  idNumberLast4: string;
  custodyStatus: CustodyStatus;
  custodyCenterId: string | null;
  /** When the custody center took the person in (收押); null while on the way (待收押). */
  admittedAt: Date | null;
};
export const inCustody = (p: Pick<CasePerson, 'custodyStatus'>): boolean =>
  (IN_CUSTODY_STATUSES as readonly CustodyStatus[]).includes(p.custodyStatus);

export type KeyDate = { id: string; caseId: string; personId: string | null; kind: KeyDateKind; at: Date };
export type Extension = {
  id: string;
  caseId: string;
  personId: string | null;
  rule: ExtendableRule;
  amount: number;
  approver: string;
  documentRef: string;
  reason: string;
  createdAt: Date;
};
export type Representation = {
  id: string;
  personId: string;
  lawyerUserId: string;
  lawyerKind: LawyerRole;
  papersPresentedAt: Date;
};

/** A non-cancelled session about a person: enough to tell whether an act was done in time. */
export type PersonSession = { personId: string; type: string; liveAt: Date | null; startsAt: Date; createdBy: string };

export type DeadlineView = {
  rule: DeadlineRule;
  what: string;
  law: string;
  personId: string | null;
  personName: string | null;
  startedAt: string;
  dueAt: string;
  dueDate: string;
  rolledFrom?: string;
  inCustody: boolean;
  /** Years whose holiday notice is missing from the calendar: the due date assumes only weekends are off. */
  calendarMissing?: number[];
  status: 'open' | 'met';
  warning: WarningLevel;
  extensions: number;
};

export type CaseView = Case & {
  holderAgencyName: string;
  access: 'holder' | 'sent';
  /** The complainant and victim, told of the case's progress by SMS (mobile masked). */
  contacts: { id: string; name: string; contactRole: ContactRole; mobileMasked: string }[];
  /** The case-progress notices sent to them (the holding agency only). */
  notices: NoticeView[];
  /** The other agencies the case was shared with (sent to). */
  sharedWith: { agencyId: string; name: string }[];
  persons: (Omit<CasePerson, 'idNumberLast4' | 'admittedAt'> & { idNumberMasked: string; admittedAt: string | null })[];
  keyDates: { id: string; personId: string | null; kind: KeyDateKind; at: string }[];
  extensions: (Omit<Extension, 'createdAt'> & { createdAt: string })[];
  deadlines: DeadlineView[];
};
