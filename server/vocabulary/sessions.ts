// Session types, states, the roles people take in a session, procedural phases and the acts
// recorded before a hearing goes live.
import type { UserRole } from './accounts';
import type { Label } from './label';

export const SESSION_TYPES = [
  'interrogation',
  'procuratorate_interrogation',
  'plea',
  'lawyer_meeting',
  'fast_track_trial',
  'mediation',
] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

/** Types in which the detainee is questioned (a D2/D3 first interrogation is met by one going live). */
export const INTERROGATION_TYPES = ['interrogation', 'procuratorate_interrogation'] as const satisfies readonly SessionType[];

/** Account roles that may book each type (the law per type is in server/sessions/sessions.policy.ts, which uses this). */
export const ORGANISERS: Record<SessionType, readonly UserRole[]> = {
  interrogation: ['investigator'],
  procuratorate_interrogation: ['prosecutor'],
  plea: ['prosecutor'],
  lawyer_meeting: ['lawyer'],
  fast_track_trial: ['judge', 'clerk'],
  mediation: ['judge', 'clerk', 'prosecutor', 'investigator'],
};

/** The session types an account role may book. */
export const bookableTypes = (role: UserRole): SessionType[] => SESSION_TYPES.filter((t) => ORGANISERS[t].includes(role));

export const SESSION_STATES = ['scheduled', 'lobby', 'live', 'ended', 'cancelled', 'interrupted'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const SESSION_ROLES = [
  'investigator',
  'prosecutor',
  'judge',
  'clerk',
  'defence_lawyer',
  'duty_lawyer',
  'custody_officer',
  'detainee',
  'interpreter',
  'observer',
  'mediator',
  'party',
] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];

export const LAWYER_ROLES = ['defence_lawyer', 'duty_lawyer'] as const satisfies readonly SessionRole[];
export type LawyerRole = (typeof LAWYER_ROLES)[number];
export const isLawyerRole = (r: string): r is LawyerRole => (LAWYER_ROLES as readonly string[]).includes(r);

/** How a participant is connected: a user's own login, or the custody room's kiosk (the detainee). */
export const ENDPOINTS = ['user', 'kiosk'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export const PHASES = ['identity_check', 'rights_notice', 'questioning', 'evidence', 'plea', 'final_statement', 'judgment'] as const;
export type Phase = (typeof PHASES)[number];

export const RECORDING_POLICIES = ['mandatory', 'forbidden', 'optional'] as const;
export type RecordingPolicy = (typeof RECORDING_POLICIES)[number];

export const CONSENT_METHODS = ['in_session', 'oral_on_record', 'written'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const ATTEST_METHODS = ['id_card', 'face_to_face', 'custody_record'] as const;
export type AttestMethod = (typeof ATTEST_METHODS)[number];

export const SESSION_TYPE_LABELS: Record<SessionType, Label> = {
  interrogation: { 'zh-CN': '远程讯问', en: 'Police interrogation' },
  procuratorate_interrogation: { 'zh-CN': '提讯', en: 'Procuratorate interrogation' },
  plea: { 'zh-CN': '认罪认罚具结', en: 'Plea agreement' },
  lawyer_meeting: { 'zh-CN': '律师会见', en: 'Lawyer meeting' },
  fast_track_trial: { 'zh-CN': '速裁庭审', en: 'Fast-track trial' },
  mediation: { 'zh-CN': '调解', en: 'Mediation' },
};

export const SESSION_STATE_LABELS: Record<SessionState, Label> = {
  scheduled: { 'zh-CN': '已排期', en: 'Scheduled' },
  lobby: { 'zh-CN': '候场', en: 'Lobby' },
  live: { 'zh-CN': '进行中', en: 'Live' },
  ended: { 'zh-CN': '已结束', en: 'Ended' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
  interrupted: { 'zh-CN': '已中断', en: 'Interrupted' },
};

/** The detainee is a suspect (犯罪嫌疑人) before trial and a defendant (被告人) at trial: see `sessionRoleLabel`. */
export const SESSION_ROLE_LABELS: Record<SessionRole, Label> = {
  investigator: { 'zh-CN': '侦查员', en: 'Investigator' },
  prosecutor: { 'zh-CN': '检察官', en: 'Prosecutor' },
  judge: { 'zh-CN': '法官', en: 'Judge' },
  clerk: { 'zh-CN': '书记员', en: 'Clerk' },
  defence_lawyer: { 'zh-CN': '辩护律师', en: 'Defence lawyer' },
  duty_lawyer: { 'zh-CN': '值班律师', en: 'Duty lawyer' },
  custody_officer: { 'zh-CN': '管教民警', en: 'Custody officer' },
  detainee: { 'zh-CN': '犯罪嫌疑人', en: 'Suspect' },
  interpreter: { 'zh-CN': '翻译', en: 'Interpreter' },
  observer: { 'zh-CN': '旁听', en: 'Observer' },
  mediator: { 'zh-CN': '调解员', en: 'Mediator' },
  party: { 'zh-CN': '当事人', en: 'Party' },
};

const DEFENDANT: Label = { 'zh-CN': '被告人', en: 'Defendant' };

/** A session role's label in a session of `type`: the detainee at a trial is the defendant. */
export const sessionRoleLabel = (role: SessionRole, type: SessionType): Label =>
  role === 'detainee' && type === 'fast_track_trial' ? DEFENDANT : SESSION_ROLE_LABELS[role];

export const PHASE_LABELS: Record<Phase, Label> = {
  identity_check: { 'zh-CN': '核对身份', en: 'Identity check' },
  rights_notice: { 'zh-CN': '告知诉讼权利', en: 'Rights notice' },
  questioning: { 'zh-CN': '讯问', en: 'Questioning' },
  evidence: { 'zh-CN': '举证质证 / 示证', en: 'Evidence' },
  plea: { 'zh-CN': '认罪认罚 / 答辩', en: 'Plea' },
  final_statement: { 'zh-CN': '最后陈述', en: 'Final statement' },
  judgment: { 'zh-CN': '宣判', en: 'Judgment' },
};

export const RECORDING_POLICY_LABELS: Record<RecordingPolicy, Label> = {
  mandatory: { 'zh-CN': '必须全程录制', en: 'Mandatory, whole session' },
  forbidden: { 'zh-CN': '禁止录制（会见不被监听）', en: 'Forbidden (unmonitored meeting)' },
  optional: { 'zh-CN': '可选录制（由主持人开启）', en: 'Optional (a host starts it)' },
};

export const ATTEST_METHOD_LABELS: Record<AttestMethod, Label> = {
  id_card: { 'zh-CN': '核对身份证件', en: 'ID card checked' },
  face_to_face: { 'zh-CN': '当面辨认', en: 'Recognised in person' },
  custody_record: { 'zh-CN': '核对羁押档案', en: 'Custody record checked' },
};
