// Validation of every signaling request. mediasoup checks the inside of RTP/DTLS objects itself.
import { z } from 'zod';
import { ATTEST_METHODS, CONSENT_METHODS, CONTINUOUS_SOURCES, ENDPOINTS, MEDIA_SOURCES, PHASES } from '../vocabulary';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'must be an id');
const jsonObject = z.record(z.string(), z.unknown());
const empty = z.union([z.object({}).strict(), z.undefined()]).transform(() => ({}));

export const JoinInput = z.object({ sessionId: z.string().uuid(), endpoint: z.enum(ENDPOINTS).default('user') }).strict();
export const CapabilitiesInput = z
  .object({
    rtpCapabilities: z
      .object({ codecs: z.array(jsonObject).max(64), headerExtensions: z.array(jsonObject).max(64).optional() })
      .passthrough(),
  })
  .strict();
export const LeaveInput = empty;
export const TransportCreateInput = z.object({ direction: z.enum(['send', 'recv']) }).strict();
export const TransportConnectInput = z
  .object({
    transportId: id,
    dtlsParameters: z
      .object({ fingerprints: z.array(jsonObject).min(1).max(8), role: z.enum(['auto', 'client', 'server']).optional() })
      .passthrough(),
  })
  .strict();
export const TransportRestartIceInput = z.object({ transportId: id }).strict();
export const ProducerCreateInput = z
  .object({
    transportId: id,
    kind: z.enum(['audio', 'video']),
    rtpParameters: z.object({ codecs: z.array(jsonObject).min(1).max(16), encodings: z.array(jsonObject).max(8).optional() }).passthrough(),
    source: z.enum(MEDIA_SOURCES),
  })
  .strict();
export const ProducerSetPausedInput = z.object({ producerId: id, paused: z.boolean() }).strict();
export const ProducerCloseInput = z.object({ producerId: id }).strict();
export const ConsumerCreateInput = z.object({ transportId: id, producerId: id }).strict();
export const ConsumerResumeInput = z.object({ consumerId: id }).strict();

// --- procedural and host events ---
const participantId = z.string().uuid();
const reason = z.string().trim().min(2).max(500);
export const EmptyInput = empty;
export const ParticipantInput = z.object({ participantId }).strict();
export const DenyInput = z.object({ participantId, reason: reason.optional() }).strict();
export const MuteInput = z.object({ participantId, source: z.enum(CONTINUOUS_SOURCES).default('microphone') }).strict();
export const RemoveInput = z.object({ participantId, reason }).strict();
export const LockInput = z.object({ locked: z.boolean() }).strict();
/** A participant whose picture everyone sees in the main view (null: back to the usual layout). */
export const SpotlightInput = z.object({ participantId: z.string().uuid().nullable() }).strict();
export const PhaseInput = z.object({ phase: z.enum(PHASES) }).strict();
export const AttestInput = z
  .object({
    method: z.enum(ATTEST_METHODS),
    idLast4: z
      .string()
      .regex(/^[0-9Xx]{4}$/)
      .optional(),
    /** On a kiosk device, the officer on duty vouches with their own username and password. */
    officer: z
      .object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((v) => v.method !== 'id_card' || v.idLast4 !== undefined, 'id_card attestation needs idLast4');
export const ConsentInput = z
  .object({
    participantId,
    method: z.enum(CONSENT_METHODS),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export const ReasonInput = z.object({ reason }).strict();
/** `inPerson`: an online hearing is switched to an in-person one (转为线下审理), which needs its reason. */
export const EndInput = z
  .object({ reason: reason.optional(), inPerson: z.literal(true).optional() })
  .strict()
  .refine((v) => !v.inPerson || v.reason, { message: 'switching to an in-person hearing needs its reason', path: ['reason'] });
export const ExplainGapInput = z.object({ gapId: z.string().uuid(), cause: reason }).strict();
