import type { types as ms } from 'mediasoup';

/** Options handed in by the server's config; media/ never reads the environment. */
export type MediaServiceOptions = {
  numWorkers: number;
  listenIp: string;
  announcedIp?: string | undefined;
  /** Worker i gets a WebRtcServer on rtcBasePort + i (UDP and TCP). */
  rtcBasePort: number;
  logLevel: ms.WorkerLogLevel;
  logger: MediaLogger;
};

/** The server hands its logger in; media/ has no logging setup of its own. */
export type MediaLogger = {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
};

export type TransportDirection = 'send' | 'recv';
export const MEDIA_SOURCES = ['camera', 'microphone', 'screen', 'evidence'] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];
/**
 * Whether a source sends media all the time. A camera and a microphone do; a screen share and the
 * evidence display (a still picture) send frames only when the picture changes, so a pause in
 * their packets is not missing media.
 */
export const isContinuousSource = (s: MediaSource | string): boolean => s === 'camera' || s === 'microphone';

/** What a client needs to build its side of a WebRTC transport. */
export type TransportInfo = {
  id: string;
  iceParameters: ms.IceParameters;
  iceCandidates: ms.IceCandidate[];
  dtlsParameters: ms.DtlsParameters;
};

export type ProducerInfo = { producerId: string; peerId: string; kind: ms.MediaKind; source: MediaSource; paused: boolean };

export type ConsumerInfo = {
  id: string;
  producerId: string;
  peerId: string;
  kind: ms.MediaKind;
  rtpParameters: ms.RtpParameters;
  source: MediaSource;
};

export type RoomCloseReason = 'worker_died' | 'closed';

export type WorkerStats = {
  index: number;
  pid: number;
  rooms: number;
  /** CPU seconds (user + system) used by the worker process since it started. */
  cpuSeconds: number;
  startedAt: number;
};

export type { ms as MediasoupTypes };

/** Whether a session's recording is required, optional or forbidden by law (set by the server's policy). */
export type RecordingPolicy = 'mandatory' | 'forbidden' | 'optional';
export type RoomOptions = { recording: RecordingPolicy };
