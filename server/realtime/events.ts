// Typed socket.io event maps: the signaling protocol. client/ imports this file (types only).
// mediasoup objects (RTP parameters, DTLS parameters...) travel as opaque JSON here; the server
// validates their outer shape and mediasoup validates the rest.
import type { ErrorCode } from '../errors';
import type { IceServerView } from '../turn';
import type {
  AttestMethod,
  BlockKind,
  ClosingMode,
  CorrectionState,
  ConsentMethod,
  Endpoint,
  InstrumentKind,
  InstrumentState,
  MediaSource,
  Phase,
  PleaProcedure,
  RecordingPolicy,
  RecordingState,
  RevocationReason,
  SessionRole,
  SessionState,
  SignatureKind,
  TranscriptState,
} from '../vocabulary';

export type Json = Record<string, unknown>;
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorCode; message: string; data?: unknown };
type AckFn<T> = (res: Ack<T>) => void;

export type { AttestMethod, ConsentMethod, Endpoint, MediaSource } from '../vocabulary';

export type PeerView = { peerId: string; displayName: string; sessionRole: SessionRole; endpoint: Endpoint };
export type ProducerView = { producerId: string; peerId: string; kind: 'audio' | 'video'; source: MediaSource; paused: boolean };
type TransportView = {
  id: string;
  iceParameters: Json;
  iceCandidates: Json[];
  dtlsParameters: Json;
  /** TURN servers with this participant's time-limited credentials; 'relay' where only TURN may carry media. */
  iceServers: IceServerView[];
  iceTransportPolicy: 'all' | 'relay';
};
type ConsumerView = {
  id: string;
  producerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  rtpParameters: Json;
  source: MediaSource;
};
export type Grants = { publish: MediaSource[]; subscribe: boolean; moderate: boolean; editTranscript: boolean };

/** A legal requirement not yet met (see server/sessions/sessions.policy.ts). */
type UnmetView = { code: string; role?: string; participantId?: string; source?: string };

/** The session's procedural state, pushed to everyone in it (lobby included) on every change. */
export type RoomStateView = {
  sessionId: string;
  state: SessionState;
  locked: boolean;
  recording: RecordingPolicy;
  allowedPhases: Phase[];
  phases: { phase: string; at: string; by: string }[];
  attestation: { by: string; at: string; method: string } | null;
  /** Participant ids that confirmed their identity for this hearing. */
  confirmed: string[];
  consents: { participantId: string; method: string; at: string }[];
  /** What is missing before the session may go live (empty when it may). */
  unmet: UnmetView[];
  /** Participants admitted and connected. */
  present: string[];
  liveAt: string | null;
  endedAt: string | null;
  /** Recorders per track and the gaps so far (null where recording is forbidden). */
  recorder: RecorderView | null;
  /** The participant a host put in everyone's main view (e.g. the 司法所 in a mediation), or null. */
  spotlight: string | null;
  /** Each time another login or kiosk device took over the detainee's kiosk endpoint. */
  kioskReplacements: { at: string; byName: string; previousName: string }[];
};

export type RecorderView = {
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

export type JoinView = {
  sessionId: string;
  self: PeerView;
  /** False while waiting in the lobby: no media information is given until a host admits. */
  admitted: boolean;
  host: boolean;
  grants: Grants;
  routerRtpCapabilities: Json;
  peers: PeerView[];
  producers: ProducerView[];
  room: RoomStateView;
};

export type TranscriptBlockView = {
  id: string;
  ord: number;
  kind: BlockKind;
  text: string;
  lastOpId: string;
  revision: number;
  updatedAt: string;
};
export type TranscriptPageView = {
  number: number;
  total: number;
  sha256: string;
  lines: { text: string; style: 'title' | 'header' | 'notice' | 'body'; blockId?: string }[];
};
type TranscriptMissingView = {
  what: 'page' | 'correction' | 'closing' | 'official' | 'party';
  page?: number;
  correctionId?: string;
  participantId?: string;
  missing?: string;
};
/** The record (笔录) of a session as every admitted participant sees it. */
export type TranscriptView = {
  sessionId: string;
  state: TranscriptState;
  version: number;
  closingMode: ClosingMode;
  closingSentence: string;
  header: {
    title: string;
    caseNumber: string;
    caseTitle: string;
    startedAt: string | null;
    endedAt: string | null;
    officePlace: string;
    custodyPlace: string;
    officials: { participantId: string; name: string; role: string }[];
    clerk: { participantId: string; name: string } | null;
    subject: { participantId: string; name: string } | null;
    notice: string;
  };
  blocks: TranscriptBlockView[];
  corrections: { id: string; blockId: string; note: string; state: CorrectionState; requestedAt: string; resolvedAt: string | null }[];
  /** The pages as printed, once handed over for confirmation. */
  pages: TranscriptPageView[];
  signatures: {
    id: string;
    kind: SignatureKind;
    page: number | null;
    correctionId: string | null;
    participantId: string;
    signedAt: string;
  }[];
  officials: { participantId: string; name: string; role: string; signed: boolean }[];
  /** What is missing before the record can be final. */
  missing: TranscriptMissingView[];
  final: { pdfSha256: string; pdfSm3: string; verificationCode: string; finalizedAt: string } | null;
};
/** What the host enters in an instrument; the rest of its text comes from the case and the session. */
export type InstrumentFields =
  | { kind: 'plea_statement'; facts: string; sentencingProposal: string; procedure: PleaProcedure }
  | { kind: 'judgment'; verdict: string; reasoning: string }
  | { kind: 'mediation_agreement'; dispute: string; terms: string };
/** The signed instrument of a session (具结书, judgment, 调解协议书) as every admitted participant sees it. */
export type InstrumentView = {
  sessionId: string;
  kind: InstrumentKind;
  state: InstrumentState;
  version: number;
  fields: InstrumentFields | null;
  /** The text as shown for signature (null while drafted). */
  body: { title: string; caseNumber: string; paragraphs: string[] } | null;
  contentSha256: string | null;
  /** In the order of signing: a lower step signs first. */
  signers: { participantId: string; name: string; role: SessionRole; step: number; kiosk: boolean; signedAt: string | null }[];
  missing: string[];
  final: { pdfSha256: string; pdfSm3: string; verificationCode: string; finalizedAt: string } | null;
};
export type Stroke = [number, number, number][];
export type SignatureMarkInput = { strokes: { width: number; height: number; strokes: Stroke[] }; png: string };
export type FingerprintMarkInput = { method: 'camera_snapshot' | 'reader'; jpeg: string };
export type TranscriptEditInput = {
  opId: string;
  blockId: string;
  base: string | null;
  ord: number;
  kind: BlockKind;
  text: string;
  deleted?: boolean;
  correctionId?: string;
};

/** Requests about the record; each takes one payload object and an ack callback. */
type TranscriptRequests = {
  'transcript:get': [Record<string, never>, TranscriptView];
  'transcript:edit': [TranscriptEditInput, { version: number; block: TranscriptBlockView }];
  'transcript:requestCorrection': [{ blockId: string; note: string }, TranscriptView];
  'transcript:submit': [Record<string, never>, TranscriptView];
  'transcript:reopen': [{ reason: string }, TranscriptView];
  'transcript:signPage': [
    { page: number; pageSha256: string; signature: SignatureMarkInput; fingerprint: FingerprintMarkInput },
    TranscriptView,
  ];
  'transcript:signCorrection': [{ correctionId: string; signature: SignatureMarkInput; fingerprint: FingerprintMarkInput }, TranscriptView];
  'transcript:signClosing': [{ mode: 'handwritten'; signature: SignatureMarkInput } | { mode: 'typed'; text: string }, TranscriptView];
  'transcript:signOfficial': [{ signature: SignatureMarkInput }, TranscriptView];
  /** A party signs the record of a session without a detainee, having read every page (their hashes, in order). */
  'transcript:signParty': [{ pages: string[]; signature: SignatureMarkInput }, TranscriptView];
};

/** Requests about the session's signed instrument. */
type InstrumentRequests = {
  'instrument:get': [Record<string, never>, InstrumentView | null];
  'instrument:draft': [{ fields: InstrumentFields }, InstrumentView | null];
  'instrument:open': [Record<string, never>, InstrumentView | null];
  'instrument:withdraw': [{ reason: string }, InstrumentView | null];
  'instrument:sign': [{ contentSha256: string; signature: SignatureMarkInput; fingerprint?: FingerprintMarkInput }, InstrumentView | null];
};

/** Requests a client sends; each takes one payload object and an ack callback. */
type SessionRequests = {
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
  'session:state': [Record<string, never>, RoomStateView];
  'lobby:admit': [{ participantId: string }, RoomStateView];
  'lobby:admitAll': [Record<string, never>, RoomStateView];
  'lobby:deny': [{ participantId: string; reason?: string }, RoomStateView];
  'lobby:return': [{ participantId: string }, RoomStateView];
  'host:mute': [{ participantId: string; source?: 'microphone' | 'camera' }, Record<string, never>];
  'host:unmute': [{ participantId: string; source?: 'microphone' | 'camera' }, Record<string, never>];
  'host:remove': [{ participantId: string; reason: string }, RoomStateView];
  'host:lock': [{ locked: boolean }, RoomStateView];
  'host:spotlight': [{ participantId: string | null }, RoomStateView];
  'session:phase': [{ phase: Phase }, RoomStateView];
  'session:attestIdentity': [{ method: AttestMethod; idLast4?: string; officer?: { username: string; password: string } }, RoomStateView];
  'session:confirmIdentity': [Record<string, never>, RoomStateView];
  'session:consent': [{ participantId: string; method: ConsentMethod; note?: string }, RoomStateView];
  'session:goLive': [Record<string, never>, RoomStateView];
  'session:interrupt': [{ reason: string }, RoomStateView];
  'session:resume': [Record<string, never>, RoomStateView];
  'session:end': [{ reason?: string; inPerson?: true }, RoomStateView];
  /** A host starts recording where the law leaves it optional (mandatory sessions record by themselves). */
  'recording:start': [Record<string, never>, RoomStateView];
  /** A host states the cause of a recording gap. */
  'recording:explainGap': [{ gapId: string; cause: string }, RoomStateView];
};
type ClientRequests = SessionRequests & TranscriptRequests & InstrumentRequests;
export type ClientRequestName = keyof ClientRequests;
export type RequestPayload<E extends ClientRequestName> = ClientRequests[E][0];
export type RequestResult<E extends ClientRequestName> = ClientRequests[E][1];

/** Events the server pushes. */
export type ServerToClientEvents = {
  'peer:joined': (p: PeerView) => void;
  'peer:left': (p: { peerId: string; reason: 'left' | 'disconnected' | 'replaced' | 'removed' | 'lobby' | 'ended' }) => void;
  'producer:new': (p: ProducerView) => void;
  'producer:closed': (p: { producerId: string; peerId: string }) => void;
  'producer:paused': (p: { producerId: string; peerId: string; paused: boolean }) => void;
  'consumer:closed': (p: { consumerId: string; producerId: string }) => void;
  /** The media room was lost (worker restart); rejoin to continue. */
  'session:mediaReset': (p: { sessionId: string; reason: string }) => void;
  /** This connection no longer represents the peer (the same identity joined elsewhere). */
  'session:replaced': (p: { sessionId: string }) => void;
  /** The session's procedural state changed. */
  'session:updated': (s: RoomStateView) => void;
  /** To hosts: who is waiting in the lobby. */
  'lobby:changed': (p: { waiting: PeerView[] }) => void;
  /** A host admitted this connection; media may start. */
  'lobby:admitted': (j: JoinView) => void;
  'lobby:denied': (p: { reason: string }) => void;
  /** A host sent this connection back to the lobby; media stopped. */
  'lobby:returned': (p: { sessionId: string }) => void;
  'host:muted': (p: { source: 'microphone' | 'camera'; by: string }) => void;
  'host:unmuted': (p: { source: 'microphone' | 'camera'; by: string }) => void;
  'session:removed': (p: { sessionId: string; reason: string }) => void;
  'session:ended': (p: { sessionId: string; state: 'ended' | 'cancelled'; reason: string }) => void;
  /** One block of the record was saved (while it is typed). */
  'transcript:block': (p: { sessionId: string; version: number; block: TranscriptBlockView }) => void;
  /** The record changed as a whole (handed over, corrected, signed, final). */
  'transcript:updated': (v: TranscriptView) => void;
  /** The session's instrument changed (drafted, shown, signed, withdrawn, final). */
  'instrument:updated': (v: InstrumentView) => void;
  /** This login was ended (logout, account disabled, password reset): the connection is cut next. */
  'auth:revoked': (p: { reason: RevocationReason }) => void;
  /** A request arrived without an ack callback; its error is reported here instead. */
  'protocol:error': (p: { event: string; error: ErrorCode; message: string }) => void;
};

export type ClientToServerEvents = {
  [E in ClientRequestName]: (payload: RequestPayload<E>, ack: AckFn<RequestResult<E>>) => void;
};
