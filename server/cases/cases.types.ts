import type { DeadlineRule, WarningLevel } from '../deadlines';

export const CASE_STAGES = ['investigation', 'prosecution_review', 'trial', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
export const CUSTODY_STATUSES = ['detained', 'arrested', 'residential_surveillance', 'bail', 'at_large', 'released'] as const;
export type CustodyStatus = (typeof CUSTODY_STATUSES)[number];
export const KEY_DATE_KINDS = [
  'detention',
  'arrest',
  'arrest_application_received',
  'prosecution_review_received',
  'fast_track_accepted',
  'duty_lawyer_requested',
  'summons',
] as const;
export type KeyDateKind = (typeof KEY_DATE_KINDS)[number];
export const EXTENDABLE_RULES = ['D4', 'D6', 'D7', 'D15'] as const;
export type ExtendableRule = (typeof EXTENDABLE_RULES)[number];

export type Case = {
  id: string;
  agencyId: string;
  caseNumber: string;
  title: string;
  charge: string;
  stage: CaseStage;
  fastTrack: boolean;
  sentenceOverOneYear: boolean;
};

/** A suspect or defendant. The ID number is sealed; only its last four characters are readable. */
export type CasePerson = {
  id: string;
  caseId: string;
  name: string;
  personRole: 'suspect' | 'defendant';
  idNumberLast4: string;
  custodyStatus: CustodyStatus;
  custodyCenterId: string | null;
};
export const inCustody = (p: Pick<CasePerson, 'custodyStatus'>): boolean =>
  p.custodyStatus === 'detained' || p.custodyStatus === 'arrested';

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
  lawyerKind: 'defence_lawyer' | 'duty_lawyer';
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
  persons: (Omit<CasePerson, 'idNumberLast4'> & { idNumberMasked: string })[];
  keyDates: { id: string; personId: string | null; kind: KeyDateKind; at: string }[];
  extensions: (Omit<Extension, 'createdAt'> & { createdAt: string })[];
  deadlines: DeadlineView[];
};
