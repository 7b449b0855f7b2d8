// Typed socket.io event maps: the signaling protocol. client/ imports this file (types only).
// mediasoup objects (RTP parameters, DTLS parameters...) travel as opaque JSON here; the server
// validates their outer shape and mediasoup validates the rest.
import type { ErrorCode } from '../errors';

export type Json = Record<string, unknown>;
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorCode; message: string; data?: unknown };
export type AckFn<T> = (res: Ack<T>) => void;

export type SessionRole = 'investigator' | 'prosecutor' | 'judge' | 'clerk' | 'defence_lawyer' | 'duty_lawyer'
  | 'custody_officer' | 'detainee' | 'interpreter' | 'observer';
export type MediaSource = 'camera' | 'microphone' | 'screen';
export type Endpoint = 'user' | 'kiosk';

export type PeerView = { peerId: string; displayName: string; sessionRole: SessionRole; endpoint: Endpoint };
export type ProducerView = { producerId: string; peerId: string; kind: 'audio' | 'video'; source: MediaSource; paused: boolean };
export type TransportView = { id: string; iceParameters: Json; iceCandidates: Json[]; dtlsParameters: Json };
export type ConsumerView = { id: string; producerId: string; peerId: string; kind: 'audio' | 'video'; rtpParameters: Json; source: MediaSource };
export type JoinView = {
  sessionId: string;
  self: PeerView;
  routerRtpCapabilities: Json;
  peers: PeerView[];
  producers: ProducerView[];
};

/** Requests a client sends; each takes one payload object and an ack callback. */
export type ClientRequests = {
  'session:join': [{ sessionId: string; endpoint: Endpoint }, JoinView];
  'session:capabilities': [{ rtpCapabilities: Json }, Record<string, never>];
  'session:leave': [Record<string, never>, Record<string, never>];
  'transport:create': [{ direction: 'send' | 'recv' }, TransportView];
  'transport:connect': [{ transportId: string; dtlsParameters: Json }, Record<string, never>];
  'transport:restartIce': [{ transportId: string }, { iceParameters: Json }];
  'producer:create': [{ transportId: string; kind: 'audio' | 'video'; rtpParameters: Json; source: MediaSource }, { producerId: string }];
  'producer:setPaused': [{ producerId: string; paused: boolean }, Record<string, never>];
  'producer:close': [{ producerId: string }, Record<string, never>];
  'consumer:create': [{ transportId: string; producerId: string }, ConsumerView];
  'consumer:resume': [{ consumerId: string }, Record<string, never>];
};
export type ClientRequestName = keyof ClientRequests;
export type RequestPayload<E extends ClientRequestName> = ClientRequests[E][0];
export type RequestResult<E extends ClientRequestName> = ClientRequests[E][1];

/** Events the server pushes. */
export type ServerToClientEvents = {
  'peer:joined': (p: PeerView) => void;
  'peer:left': (p: { peerId: string; reason: 'left' | 'disconnected' | 'replaced' | 'removed' }) => void;
  'producer:new': (p: ProducerView) => void;
  'producer:closed': (p: { producerId: string; peerId: string }) => void;
  'producer:paused': (p: { producerId: string; peerId: string; paused: boolean }) => void;
  'consumer:closed': (p: { consumerId: string; producerId: string }) => void;
  /** The media room was lost (worker restart); rejoin to continue. */
  'session:mediaReset': (p: { sessionId: string; reason: string }) => void;
  /** This connection no longer represents the peer (the same identity joined elsewhere). */
  'session:replaced': (p: { sessionId: string }) => void;
  /** A request arrived without an ack callback; its error is reported here instead. */
  'protocol:error': (p: { event: string; error: ErrorCode; message: string }) => void;
};

export type ClientToServerEvents = {
  [E in ClientRequestName]: (payload: RequestPayload<E>, ack: AckFn<RequestResult<E>>) => void;
};
