// A signed instrument (文书) of a session: what the host fills in, the text as frozen for
// signature, and each signature bound to the hash of that text.
import type { Strokes } from '../transcripts';
import type { InstrumentKind, InstrumentState, SessionRole } from '../vocabulary';

export type { InstrumentState } from '../vocabulary';

import type { InstrumentFields } from '../realtime/events';

export type { InstrumentFields } from '../realtime/events';

/** The text as shown for signature and printed: a title and numbered sections of paragraphs. */
export type InstrumentBody = { title: string; caseNumber: string; paragraphs: string[] };

export type Instrument = {
  id: string;
  sessionId: string;
  kind: InstrumentKind;
  state: InstrumentState;
  version: number;
  fields: InstrumentFields;
  body: InstrumentBody | null;
  contentSha256: string | null;
  draftedBy: string;
  openedAt: Date | null;
  finalizedAt: Date | null;
  pdfFile: string | null;
  pdfSha256: string | null;
  pdfSm3: string | null;
  verificationCode: string | null;
};

export type InstrumentSignature = {
  id: string;
  participantId: string;
  sessionRole: SessionRole;
  endpoint: string;
  contentSha256: string;
  strokes: Strokes;
  imageSha256: string;
  fingerprintSealed: string | null;
  fingerprintSha256: string | null;
  signedAt: Date;
};

/** One who must sign, in the order of signing (a lower step signs first). */
export type Signer = { participantId: string; name: string; role: SessionRole; step: number; kiosk: boolean };
