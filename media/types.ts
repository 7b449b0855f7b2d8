import type { types as ms } from 'mediasoup';
import type { MediaSource, RecordingPolicy } from '../server/vocabulary';

/** Options handed in by the server's config; media/ never reads the environment. */
export type MediaServiceOptions = {
  numWorkers: number;
  listenIp: string;
  announcedIp?: string | undefined;
  /** Per worker: worker i announces announcedIps[i] (a host with one address per worker); falls back to announcedIp. */
  announcedIps?: string[] | undefined;
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
export type { MediaSource } from '../server/vocabulary';

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

/** Whether a session's recording is required, optional or forbidden by law (set by the server's policy). */
export type { RecordingPolicy };
export type RoomOptions = { recording: RecordingPolicy };
