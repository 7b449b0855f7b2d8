// The whole media API. Only this folder imports mediasoup; server/sessions (rooms, transports) and
// server/recording (recorders) are its callers.
import { MediaService } from './MediaService';
import type { MediaServiceOptions } from './types';

/** Starts the worker pool and returns the media service. */
export async function createMediaService(options: MediaServiceOptions): Promise<MediaService> {
  const svc = new MediaService(options);
  await svc.start();
  return svc;
}

/** The media service: rooms, worker stats and events. */
export { MediaService } from './MediaService';
/** One router per live session. */
export { MediaRoom, MediaError } from './MediaRoom';
export type {
  MediaServiceOptions,
  ProducerInfo,
} from './types';
/** mediasoup's wire types (RTP capabilities, DTLS parameters...) re-exported for the signaling layer. */
/** Server-side recording of one producer into hashed, self-contained segment files. */
export { TrackRecorder, type TrackStall } from './recording/TrackRecorder';
export type { ClosedSegment } from './recording/segmentWriter';
/** Reading live Matroska (used to salvage a segment cut off by a crash). */
export { MatroskaSplitter } from './recording/matroskaSplitter';
