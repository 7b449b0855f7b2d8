// The record (笔录) of a session: blocks typed by the clerk, correction requests from the detainee,
// the pages as laid out for confirmation, the signatures, and the final PDF.
import type { BlockKind, ClosingMode, CorrectionState, SessionRole, SignatureKind, TranscriptState } from '../vocabulary';

export type { BlockKind, ClosingMode, SignatureKind, TranscriptState } from '../vocabulary';

export type Transcript = {
  id: string;
  sessionId: string;
  state: TranscriptState;
  version: number;
  editorParticipantId: string | null;
  closingMode: ClosingMode;
  submittedAt: Date | null;
  finalizedAt: Date | null;
  pdfFile: string | null;
  pdfSha256: string | null;
  pdfSm3: string | null;
  contentSha256: string | null;
  verificationCode: string | null;
};

export type Block = {
  id: string;
  ord: number;
  kind: BlockKind;
  text: string;
  deleted: boolean;
  lastOpId: string;
  revision: number;
  updatedAt: Date;
};

export type Correction = {
  id: string;
  blockId: string;
  note: string;
  state: CorrectionState;
  requestedBy: string;
  requestedAt: Date;
  resolvedOpId: string | null;
  resolvedAt: Date | null;
};

/** A pen trace: points [x, y, ms since the first point] on a pad of the given size. */
export type Strokes = { width: number; height: number; strokes: [number, number, number][][] };

export type Signature = {
  id: string;
  kind: SignatureKind;
  pageNumber: number | null;
  pageSha256: string | null;
  correctionId: string | null;
  participantId: string;
  endpoint: string;
  strokes: Strokes | null;
  image: Buffer | null;
  imageSha256: string | null;
  fingerprintSealed: string | null;
  fingerprintSha256: string | null;
  fingerprintMethod: string | null;
  typedText: string | null;
  signedAt: Date;
  supersededAt: Date | null;
};

/** One printed line: its text, its style and the block it belongs to. */
export type Line = { text: string; style: LineStyle; blockId?: string };
export type LineStyle = 'title' | 'header' | 'notice' | 'body';
export type Page = { number: number; total: number; sha256: string; lines: Line[] };

/** Everything printed above the questions and answers, fixed when the record is opened. */
export type Header = {
  title: string;
  caseNumber: string;
  caseTitle: string;
  sessionType: string;
  startedAt: string | null;
  endedAt: string | null;
  officePlace: string;
  custodyPlace: string;
  officials: { participantId: string; name: string; role: SessionRole }[];
  clerk: { participantId: string; name: string } | null;
  subject: { participantId: string; name: string; role: SessionRole } | null;
  notice: string;
};

/** An edit of one block, as the clerk's client sends it (idempotent by opId). */
export type BlockEdit = {
  opId: string;
  blockId: string;
  base: string | null;
  ord: number;
  kind: BlockKind;
  text: string;
  deleted?: boolean;
  correctionId?: string;
};
