// Recordings, tracks, segments and gaps as the server sees them.
import type { RecordingState } from '../vocabulary';

export type { RecordingState } from '../vocabulary';

export type Recording = {
  id: string;
  sessionId: string;
  part: number;
  state: RecordingState;
  dir: string;
  startedAt: Date;
  endedAt: Date | null;
  interruptedReason: string | null;
  manifestSha256: string | null;
  manifestSm3: string | null;
  manifestKeyId: string | null;
  sealedAt: Date | null;
  courtViewFile: string | null;
  courtViewSha256: string | null;
  courtViewSm3: string | null;
  /** The platform instance that writes this part (renewing its lease while it records). */
  ownerInstance: string | null;
  leaseExpiresAt: Date | null;
};

export type Track = {
  id: string;
  recordingId: string;
  seq: number;
  participantId: string;
  source: string;
  kind: 'audio' | 'video';
  label: string;
  startedAt: Date;
};

export type Segment = {
  id: string;
  trackId: string;
  index: number;
  file: string;
  bytes: number;
  sha256: string;
  sm3: string;
  prevLink: string;
  linkSha256: string;
  linkSm3: string;
  run: number;
  mediaStartMs: number;
  mediaEndMs: number;
  startedAt: Date;
  endedAt: Date;
  salvaged: boolean;
  truncatedBytes: number;
};

export type Gap = {
  id: string;
  recordingId: string;
  trackId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  detectedCause: string;
  requiresCause: boolean;
  statedCause: string | null;
  statedBy: string | null;
  statedAt: Date | null;
};

/** What the room shows about the recording: live recorders per track and the gaps so far. */
export type RecordingSnapshot = {
  policy: 'mandatory' | 'forbidden' | 'optional';
  state: RecordingState | 'off';
  recordingId: string | null;
  tracks: { participantId: string; source: string; label: string; recording: boolean; segments: number }[];
  gaps: {
    id: string;
    label: string;
    startedAt: string;
    endedAt: string | null;
    detectedCause: string;
    requiresCause: boolean;
    statedCause: string | null;
  }[];
};
