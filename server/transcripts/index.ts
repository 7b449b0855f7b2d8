/** Socket routes of the record (typing, corrections, signing), and its finalisation when a session has ended. */
export { transcriptRoutes as transcriptSocketRoutes, attachTranscripts } from './transcripts.socket';
/** Routes under /api/sessions/:id/transcript, /api/transcripts and /api/agency/pdf-certificate. */
export { transcriptRoutes } from './transcripts.routes';
/** The final, signed record; a watermarked draft. */
export type { TranscriptDeps } from './transcripts.final';
/** The agency's document-signing certificate and the PDF signature check. */
export { createPdfSigner, loadPdfSigner, type PdfSigner } from './transcripts.pdfSign';
/** Offline verification of a final record (hearing verify transcript.pdf). */
export { verifyTranscriptPdf, type TranscriptVerifyReport } from './transcripts.verify';
/** The print font and its metrics. */
export { measureWith, DEFAULT_FONT_FILE } from './transcripts.font';
/** Layout of the record into pages (shared with the benchmark). */
export { layoutPages } from './transcripts.layout';
export type { Block, Header, Strokes } from './transcripts.types';
/** Used by other domains (re-exported so they need not reach into this folder's files). */
export * as transcriptsRepo from './transcripts.repo';
export { addSignaturePlaceholder, signPdf } from './transcripts.pdfSign';
export { renderTranscript, type ManifestRef, type PrintModel } from './transcripts.pdf';
/** Pen strokes, signature and fingerprint images as every signed document accepts them. */
export { checkStrokes, decodeJpeg, decodePng, FingerprintInput, SignatureInput, MAX_SIGNATURE_EVENT_BYTES } from './transcripts.schema';
/** What prints a signed document: the font subset, pen strokes, the agency's seal, references and the verification code. */
export { subsetFor } from './transcripts.font';
export { drawStrokes, ownBytes } from './transcripts.pdf';
export { drawSeal } from './transcripts.seal';
export { verificationCode } from './transcripts.code';
export { chinaTime } from './transcripts.header';
export { GEOMETRY, wrap as wrapText } from './transcripts.layout';
