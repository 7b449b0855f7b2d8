// Maps media-layer failures onto the error catalogue.
import { MediaError } from '../../media';
import { AppError, InvalidRequest, InvalidState, MediaUnavailable, NotFound, RecordingForbidden } from '../errors';
import type { Json } from '../realtime/events';

/** mediasoup's objects as the wire carries them: plain JSON (a copy, so nothing of the SFU leaks out by reference). */
export const toWire = (x: object): Json => JSON.parse(JSON.stringify(x));

export async function mediaCall<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAppError(err);
  }
}

function toAppError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof MediaError) {
    switch (err.reason) {
      case 'unknown_peer':
      case 'room_closed':
        return MediaUnavailable(err.message);
      case 'unknown_transport':
        return NotFound('transport', '(not yours)');
      case 'unknown_producer':
        return NotFound('producer', '(not found)');
      case 'unknown_consumer':
        return NotFound('consumer', '(not yours)');
      case 'cannot_consume':
      case 'no_capabilities':
        return InvalidRequest(err.message);
      case 'recording_forbidden':
        return RecordingForbidden(err.message);
      case 'producer_exists':
        return InvalidState('this participant', err.message, 'one producer per source');
    }
  }
  // NOTE: mediasoup validates RTP and DTLS parameters itself and throws TypeError on bad ones.
  if (err instanceof TypeError) return InvalidRequest(`media parameters rejected: ${err.message.slice(0, 200)}`);
  if (err instanceof Error && /not found|closed|invalid|wrong|missing/i.test(err.message)) {
    return InvalidRequest(`media request rejected: ${err.message.slice(0, 200)}`);
  }
  return err;
}
