// The whole error catalogue. `code` is a stable API shared by HTTP responses and socket acks.
import { isDbUnavailable } from './db/availability';
import { logger } from './logger';

export type ErrorCode =
  | 'invalid_request'
  | 'unknown_event'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'not_joined'
  | 'session_not_joinable'
  | 'media_unavailable'
  | 'rate_limited'
  | 'booking_conflict'
  | 'slot_unavailable'
  | 'invalid_state'
  | 'policy_unmet'
  | 'in_lobby'
  | 'session_locked'
  | 'recording_forbidden'
  | 'recording_gap_unexplained'
  | 'transcript_conflict'
  | 'transcript_unsigned'
  | 'instrument_unsigned'
  | 'signature_invalid'
  | 'upload_empty'
  | 'upload_too_large'
  | 'upload_name_invalid'
  | 'upload_type_unsupported'
  | 'upload_type_mismatch'
  | 'upload_archive_unsafe'
  | 'evidence_altered'
  | 'peer_unknown'
  | 'sender_unknown'
  | 'package_invalid'
  | 'package_signature_invalid'
  | 'package_file_mismatch'
  | 'idempotency_conflict'
  | 'unavailable'
  | 'muted_by_host'
  | 'transfer_unauthenticated'
  | 'account_locked'
  | 'username_taken'
  | 'password_weak'
  | 'origin_refused'
  | 'internal_error';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const InvalidRequest = (message: string, data?: Record<string, unknown>) => new AppError('invalid_request', 400, message, data);
export const UnknownEvent = (event: string) =>
  new AppError('unknown_event', 400, `event "${event.slice(0, 64)}" is not part of the protocol`);
export const PayloadTooLarge = (limit: number) => new AppError('payload_too_large', 413, `payload is larger than ${limit} bytes`);
export const Unauthenticated = (message = 'login required') => new AppError('unauthenticated', 401, message);
export const Forbidden = (message: string) => new AppError('forbidden', 403, message);
export const NotFound = (what: string, id: string) => new AppError('not_found', 404, `${what} ${id} not found`);
export const NotJoined = () => new AppError('not_joined', 409, 'join a session first (session:join)');
export const SessionNotJoinable = (id: string, state: string) =>
  new AppError('session_not_joinable', 409, `session ${id} is ${state} and cannot be joined`, { state });
export const MediaUnavailable = (message: string) => new AppError('media_unavailable', 503, message);
/** The database is away (stopped, restarting, unreachable): try again shortly; media and recording go on meanwhile. */
const Unavailable = () =>
  new AppError('unavailable', 503, 'the database is unavailable right now; try again shortly (media and recording continue)');
/** A host muted this source; only a host can lift it (host:unmute). */
export const MutedByHost = (source: string, by: string) =>
  new AppError('muted_by_host', 403, `your ${source} was muted by the host (${by}); a host must allow it first`, { source, by });
export const RateLimited = () => new AppError('rate_limited', 429, 'too many requests; slow down');

/** Conflict kinds a booking can hit; each names the session that holds the resource. */
export type BookingConflict = {
  kind: 'room' | 'detainee' | 'participant';
  sessionId: string;
  resourceId: string;
  startsAt: string;
  endsAt: string;
};
export const BookingConflictError = (conflicts: BookingConflict[]) =>
  new AppError(
    'booking_conflict',
    409,
    `booking conflicts with ${conflicts.map((c) => `${c.kind} in session ${c.sessionId}`).join('; ')}`,
    { conflicts },
  );
export const SlotUnavailable = (reason: 'outside_window' | 'out_of_service' | 'in_past', message: string) =>
  new AppError('slot_unavailable', 422, message, { reason });
export const InvalidState = (what: string, state: string, wanted: string) =>
  new AppError('invalid_state', 409, `${what} is ${state}; ${wanted}`, { state });
/** A legal requirement is not met (who must be present, attestation, consent...). */
export type Unmet = { code: string; role?: string; participantId?: string; source?: string };
export const PolicyUnmet = (unmet: Unmet[]) =>
  new AppError('policy_unmet', 409, `requirements not met: ${unmet.map((u) => u.code + (u.role ? `(${u.role})` : '')).join(', ')}`, {
    unmet,
  });
export const InLobby = () => new AppError('in_lobby', 409, 'waiting in the lobby: a host must admit you first');
/** The law forbids recording this session (a lawyer meeting): no recorder may exist. */
export const RecordingForbidden = (detail: string) =>
  new AppError('recording_forbidden', 403, `recording is forbidden by law here (lawyer meeting, CPL 39): ${detail}`);
/** A recording gap that needs a stated cause blocks closing the session as complete. */
export const RecordingGapUnexplained = (gaps: { id: string; startedAt: string; detectedCause: string }[]) =>
  new AppError('recording_gap_unexplained', 409, `${gaps.length} recording gap(s) need a stated cause before the session can end`, {
    gaps,
  });
/** Someone saved the same transcript block since the version this edit started from. */
export const TranscriptConflict = (blockId: string, current: unknown) =>
  new AppError('transcript_conflict', 409, `transcript block ${blockId} was changed by someone else; reload it and edit again`, {
    blockId,
    current,
  });
/** What is still missing before the record can be final (pages, corrections, closing, officials). */
export type Unsigned = {
  what: 'page' | 'correction' | 'closing' | 'official' | 'party';
  page?: number;
  correctionId?: string;
  participantId?: string;
  missing?: string;
};
export const TranscriptUnsigned = (missing: Unsigned[]) =>
  new AppError(
    'transcript_unsigned',
    409,
    `the record is not fully signed: ${missing.map((m) => m.what + (m.page ? ` ${m.page}` : '') + (m.missing ? ` (${m.missing})` : '')).join(', ')}`,
    { missing },
  );
/** A signed instrument (具结书, judgment, 调解协议书) that someone has still to sign. */
/** Who has still to sign an instrument (a participant), or why none can yet (shown for signature not yet). */
export type InstrumentMissing = { participantId?: string; missing: string };
export const InstrumentUnsigned = (missing: InstrumentMissing[]) =>
  new AppError('instrument_unsigned', 409, `the instrument is not fully signed: ${missing.map((m) => m.missing).join(', ')}`, { missing });
/** A signature, fingerprint or closing sentence that cannot be accepted (empty, malformed, for a page not shown). */
export const SignatureInvalid = (message: string) => new AppError('signature_invalid', 422, message);
/** Uploads: each refusal names what was wrong; nothing refused leaves the quarantine. */
export const UploadEmpty = () => new AppError('upload_empty', 400, 'the upload is empty (0 bytes)');
export const UploadTooLarge = (limit: number) =>
  new AppError('upload_too_large', 413, `the upload is larger than ${limit} bytes`, { limit });
export const UploadNameInvalid = (why: string) => new AppError('upload_name_invalid', 400, `file name refused: ${why}`);
export const UploadTypeUnsupported = (detected: string | null) =>
  new AppError('upload_type_unsupported', 415, `content type ${detected ?? 'unknown'} is not accepted (PDF, OFD, JPEG, PNG, TIFF)`, {
    detected,
  });
export const UploadTypeMismatch = (name: string, detected: string) =>
  new AppError('upload_type_mismatch', 415, `"${name}" is named as another type than its content (${detected})`, { detected });
export const UploadArchiveUnsafe = (why: string) => new AppError('upload_archive_unsafe', 400, `archive refused: ${why}`);
/** A stored piece of evidence no longer matches the hashes taken when it was made or ingested. */
export const EvidenceAltered = (what: string) =>
  new AppError('evidence_altered', 409, `${what} no longer matches its recorded hashes`, { what });
export const PeerUnknown = (code: string) =>
  new AppError('peer_unknown', 400, `agency ${code} is not a configured peer (PEERS_FILE)`, { peer: code });
/** Inter-agency transfers: the receiver's refusals, which the sender stores and shows. */
export const SenderUnknown = (code: string) =>
  new AppError('sender_unknown', 403, `sender agency "${code.slice(0, 64)}" is not a configured peer of this agency`, {
    sender: code.slice(0, 64),
  });
export const PackageInvalid = (why: string, data?: Record<string, unknown>) =>
  new AppError('package_invalid', 422, `package refused: ${why}`, data);
export const PackageSignatureInvalid = (why: string) => new AppError('package_signature_invalid', 422, `package refused: ${why}`);
export const PackageFileMismatch = (path: string, why: string) =>
  new AppError('package_file_mismatch', 422, `package refused: ${path}: ${why}`, { path, why });
export const IdempotencyConflict = (key: string) =>
  new AppError('idempotency_conflict', 409, `idempotency key ${key.slice(0, 128)} was already used for a different package`);
/** A delivery whose request signature is missing, stale or not the configured peer's. */
export const TransferUnauthenticated = (why: string) => new AppError('transfer_unauthenticated', 401, `delivery refused: ${why}`);
/** Five wrong passwords in a row lock the account until an administrator unlocks it or the lock runs out. */
export const AccountLocked = (until: Date) =>
  new AppError(
    'account_locked',
    423,
    `account locked after repeated failed logins; ask an administrator to unlock it or wait until ${until.toISOString()}`,
    {
      until: until.toISOString(),
    },
  );
export const UsernameTaken = (username: string) => new AppError('username_taken', 409, `username "${username}" is already taken`);
export const PasswordWeak = (why: string) => new AppError('password_weak', 422, `password refused: ${why}`);
/** A browser connection from a page of another origin than the platform's own. */
export const OriginRefused = (origin: string) =>
  new AppError('origin_refused', 403, `connections from ${origin.slice(0, 128)} are not accepted; open the platform at its own address`);
export const SessionLocked = (id: string) => new AppError('session_locked', 423, `session ${id} is locked; nobody new can enter`);

export type WireError = { ok: false; error: ErrorCode; message: string; data?: unknown };

/** Turns anything thrown into the wire shape; unknown errors are logged and hidden. */
export function toWire(err: unknown): WireError {
  if (err instanceof AppError) {
    return err.data === undefined
      ? { ok: false, error: err.code, message: err.message }
      : { ok: false, error: err.code, message: err.message, data: err.data };
  }
  if (isDbUnavailable(err)) {
    logger.warn({ err: String((err as Error).message ?? err) }, 'database unavailable');
    return toWire(Unavailable());
  }
  logger.error({ err }, 'unexpected error');
  return { ok: false, error: 'internal_error', message: 'internal error; see server log' };
}

export function statusOf(err: unknown): number {
  if (err instanceof AppError) return err.status;
  return isDbUnavailable(err) ? 503 : 500;
}
