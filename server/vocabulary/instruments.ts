// Signed instruments (文书) made within a session: the 认罪认罚具结书 of a plea session, the
// judgment announced at a fast-track trial, the 调解协议书 of a mediation. Who signs, in what
// order, is in server/instruments/instruments.signers.ts.
import type { Label } from './label';
import type { SessionType } from './sessions';

export const INSTRUMENT_KINDS = ['plea_statement', 'judgment', 'mediation_agreement'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

/** draft: being written by the host; signing: frozen and shown for signature; final: the signed PDF exists. */
export const INSTRUMENT_STATES = ['draft', 'signing', 'final'] as const;
export type InstrumentState = (typeof INSTRUMENT_STATES)[number];

/** The instrument each session type makes (types without one make none). */
export const INSTRUMENT_OF_SESSION: Partial<Record<SessionType, InstrumentKind>> = {
  plea: 'plea_statement',
  fast_track_trial: 'judgment',
  mediation: 'mediation_agreement',
};

/** The procedure the suspect agrees to in a 认罪认罚具结书. */
export const PLEA_PROCEDURES = ['fast_track', 'summary', 'ordinary'] as const;
export type PleaProcedure = (typeof PLEA_PROCEDURES)[number];

export const INSTRUMENT_KIND_LABELS: Record<InstrumentKind, Label> = {
  plea_statement: { 'zh-CN': '认罪认罚具结书', en: 'Plea agreement statement' },
  judgment: { 'zh-CN': '当庭宣判笔录（判决）', en: 'Judgment announced in court' },
  mediation_agreement: { 'zh-CN': '调解协议书', en: 'Mediation agreement' },
};

export const INSTRUMENT_STATE_LABELS: Record<InstrumentState, Label> = {
  draft: { 'zh-CN': '拟写中', en: 'Being written' },
  signing: { 'zh-CN': '签署中', en: 'Being signed' },
  final: { 'zh-CN': '已生效', en: 'Final' },
};

export const PLEA_PROCEDURE_LABELS: Record<PleaProcedure, Label> = {
  fast_track: { 'zh-CN': '速裁程序', en: 'Fast-track procedure' },
  summary: { 'zh-CN': '简易程序', en: 'Summary procedure' },
  ordinary: { 'zh-CN': '普通程序', en: 'Ordinary procedure' },
};
