// Validation of every signaling request. mediasoup checks the inside of RTP/DTLS objects itself.
import { z } from 'zod';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/, 'must be an id');
const jsonObject = z.record(z.string(), z.unknown());
const empty = z.union([z.object({}).strict(), z.undefined()]).transform(() => ({}));

export const JoinInput = z.object({ sessionId: z.string().uuid(), endpoint: z.enum(['user', 'kiosk']).default('user') }).strict();
export const CapabilitiesInput = z.object({
  rtpCapabilities: z.object({ codecs: z.array(jsonObject).max(64), headerExtensions: z.array(jsonObject).max(64).optional() }).passthrough(),
}).strict();
export const LeaveInput = empty;
export const TransportCreateInput = z.object({ direction: z.enum(['send', 'recv']) }).strict();
export const TransportConnectInput = z.object({
  transportId: id,
  dtlsParameters: z.object({ fingerprints: z.array(jsonObject).min(1).max(8), role: z.enum(['auto', 'client', 'server']).optional() }).passthrough(),
}).strict();
export const TransportRestartIceInput = z.object({ transportId: id }).strict();
export const ProducerCreateInput = z.object({
  transportId: id,
  kind: z.enum(['audio', 'video']),
  rtpParameters: z.object({ codecs: z.array(jsonObject).min(1).max(16), encodings: z.array(jsonObject).max(8).optional() }).passthrough(),
  source: z.enum(['camera', 'microphone', 'screen']),
}).strict();
export const ProducerSetPausedInput = z.object({ producerId: id, paused: z.boolean() }).strict();
export const ProducerCloseInput = z.object({ producerId: id }).strict();
export const ConsumerCreateInput = z.object({ transportId: id, producerId: id }).strict();
export const ConsumerResumeInput = z.object({ consumerId: id }).strict();
