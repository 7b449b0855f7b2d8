// Cases: their stages, the persons in them, custody statuses, key dates and the statutory deadlines.
import type { Label } from './label';

export const CASE_STAGES = ['investigation', 'prosecution_review', 'trial', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const PERSON_ROLES = ['suspect', 'defendant'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/**
 * People told how their case progresses (执法公开) who are not suspects: the person who reported it
 * and the victim. They have no account; notices reach them by SMS only.
 */
export const CONTACT_ROLES = ['complainant', 'victim'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CUSTODY_STATUSES = ['detained', 'arrested', 'residential_surveillance', 'bail', 'at_large', 'released'] as const;
export type CustodyStatus = (typeof CUSTODY_STATUSES)[number];
/** Statuses in which the person is held (羁押): their deadlines never move off a holiday. */
export const IN_CUSTODY_STATUSES = ['detained', 'arrested'] as const satisfies readonly CustodyStatus[];

/**
 * Cases that may never be tried online (在线诉讼规则 3; DOMAIN.md): whatever else holds, a fast-track
 * trial of such a case is not booked online.
 */
export const ONLINE_TRIAL_EXCLUSIONS = ['state_secret', 'national_security', 'complex', 'high_profile'] as const;
export type OnlineTrialExclusion = (typeof ONLINE_TRIAL_EXCLUSIONS)[number];

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

const DEADLINE_RULES = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D9', 'D11', 'D12', 'D15'] as const;
export type DeadlineRule = (typeof DEADLINE_RULES)[number];
export const EXTENDABLE_RULES = ['D4', 'D6', 'D7', 'D15'] as const satisfies readonly DeadlineRule[];
export type ExtendableRule = (typeof EXTENDABLE_RULES)[number];

export const WARNING_LEVELS = ['ok', 't-24h', 't-2h', 'overdue'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

export const CASE_STAGE_LABELS: Record<CaseStage, Label> = {
  investigation: { 'zh-CN': '侦查', en: 'Investigation' },
  prosecution_review: { 'zh-CN': '审查起诉', en: 'Prosecution review' },
  trial: { 'zh-CN': '审判', en: 'Trial' },
  closed: { 'zh-CN': '已结案', en: 'Closed' },
};

export const PERSON_ROLE_LABELS: Record<PersonRole, Label> = {
  suspect: { 'zh-CN': '犯罪嫌疑人', en: 'Suspect' },
  defendant: { 'zh-CN': '被告人', en: 'Defendant' },
};

export const CUSTODY_STATUS_LABELS: Record<CustodyStatus, Label> = {
  detained: { 'zh-CN': '刑事拘留', en: 'Detained' },
  arrested: { 'zh-CN': '逮捕羁押', en: 'Arrested' },
  residential_surveillance: { 'zh-CN': '指定居所监视居住', en: 'Residential surveillance' },
  bail: { 'zh-CN': '取保候审', en: 'On bail' },
  at_large: { 'zh-CN': '在逃', en: 'At large' },
  released: { 'zh-CN': '已释放', en: 'Released' },
};

export const KEY_DATE_KIND_LABELS: Record<KeyDateKind, Label> = {
  detention: { 'zh-CN': '刑事拘留', en: 'Detention' },
  arrest: { 'zh-CN': '逮捕', en: 'Arrest' },
  arrest_application_received: { 'zh-CN': '收到提请批准逮捕', en: 'Arrest application received' },
  prosecution_review_received: { 'zh-CN': '受理审查起诉', en: 'Prosecution review received' },
  fast_track_accepted: { 'zh-CN': '速裁案件受理', en: 'Fast-track case accepted' },
  duty_lawyer_requested: { 'zh-CN': '申请值班律师', en: 'Duty lawyer requested' },
  summons: { 'zh-CN': '传唤/拘传', en: 'Summons' },
};

export const WARNING_LEVEL_LABELS: Record<WarningLevel, Label> = {
  ok: { 'zh-CN': '正常', en: 'OK' },
  't-24h': { 'zh-CN': '24小时内届满', en: 'Due within 24 h' },
  't-2h': { 'zh-CN': '2小时内届满', en: 'Due within 2 h' },
  overdue: { 'zh-CN': '已超期', en: 'Overdue' },
};

export const ONLINE_TRIAL_EXCLUSION_LABELS: Record<OnlineTrialExclusion, Label> = {
  state_secret: { 'zh-CN': '涉及国家秘密', en: 'Involves state secrets' },
  national_security: { 'zh-CN': '危害国家安全', en: 'National security' },
  complex: { 'zh-CN': '重大、疑难、复杂', en: 'Major or complex' },
  high_profile: { 'zh-CN': '社会影响重大', en: 'High public impact' },
};

export const CONTACT_ROLE_LABELS: Record<ContactRole, Label> = {
  complainant: { 'zh-CN': '报案人', en: 'Complainant' },
  victim: { 'zh-CN': '被害人', en: 'Victim' },
};
