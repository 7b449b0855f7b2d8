// The record (笔录): its states, what is typed, how it is signed.
import type { Label } from './label';

export const TRANSCRIPT_STATES = ['drafting', 'confirming', 'final'] as const;
export type TranscriptState = (typeof TRANSCRIPT_STATES)[number];

export const BLOCK_KINDS = ['q', 'a', 'note'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export const CLOSING_MODES = ['handwritten', 'typed'] as const;
export type ClosingMode = (typeof CLOSING_MODES)[number];

/** 'party': in a session without a detainee, each party who took part signs the record once, after reading it all. */
export const SIGNATURE_KINDS = ['page', 'correction', 'closing', 'official', 'party'] as const;
export type SignatureKind = (typeof SIGNATURE_KINDS)[number];

export const CORRECTION_STATES = ['open', 'made'] as const;
export type CorrectionState = (typeof CORRECTION_STATES)[number];

export const TRANSCRIPT_STATE_LABELS: Record<TranscriptState, Label> = {
  drafting: { 'zh-CN': '记录中', en: 'Being typed' },
  confirming: { 'zh-CN': '核对签名中', en: 'Being confirmed and signed' },
  final: { 'zh-CN': '已定稿', en: 'Final' },
};
