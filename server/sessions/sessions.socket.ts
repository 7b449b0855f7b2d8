// Live sessions over socket.io: join (into the lobby or straight into the media room), media
// signaling, lobby decisions, host controls and procedural events. Every request is validated
// and acknowledged through realtime/ack.ts; rights are checked on every event.
import type { Server, Socket } from 'socket.io';
import type { MediaRoom, MediaService } from '../../media';
import type { AuthUser } from '../auth';
import type { Db } from '../db/db';
import {
  Forbidden,
  InLobby,
  InvalidState,
  MediaUnavailable,
  NotFound,
  NotJoined,
  SessionLocked,
  UnknownEvent,
  type WireError,
} from '../errors';
import { logger } from '../logger';
import { handle, RateLimiter, splitArgs } from '../realtime/ack';
import type {
  ClientToServerEvents,
  ConsumerView,
  JoinView,
  Json,
  PeerView,
  RoomStateView,
  ServerToClientEvents,
  SessionRequests,
  TransportView,
} from '../realtime/events';
import * as audit from '../audit';
import type { RecordingSupervisor } from '../recording/recording.supervisor';
import { canPublish, canSubscribe, grantsFor } from './sessions.grants';
import { mediaCall } from './sessions.media';
import { LiveRooms, type LivePeer } from './liveRooms';
import { isHostRole, recordingPolicyFor } from './sessions.policy';
import * as record from './sessions.record';
import * as repo from './sessions.repo';
import { roomState } from './sessions.roomState';
import { recordPresence, resolveJoin } from './sessions.service';
import type { Session } from './sessions.types';
import { telemetry, telemetryJoin } from './sessions.telemetry';
import * as S from './signaling.schema';

type Sock = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;
type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;
/** A joined socket: in the lobby (room null) or admitted into the media room. */
type Joined = { peer: LivePeer; room: MediaRoom | null };
type InMedia = { peer: LivePeer; room: MediaRoom };

const ch = {
  media: (id: string) => `session:${id}`,
  all: (id: string) => `all:${id}`,
  lobby: (id: string) => `lobby:${id}`,
  hosts: (id: string) => `hosts:${id}`,
};

/** Host-only events are refused before anything is looked up (the record layer checks again). */
function hostOnly(j: Joined, what: string): void {
  if (!j.peer.host) throw Forbidden(`only a host may ${what}`);
}

/** What a domain with socket events of its own (the record) gets from a connection. */
export type SocketContext = {
  /** The joined and admitted participant behind this connection (throws not_joined / in_lobby). */
  admitted(): { actor: record.Actor; session: Session };
  handle: (
    event: string,
    schema: Parameters<typeof handle>[0],
    fn: (input: any) => Promise<unknown>,
    maxBytes?: number,
  ) => (...args: unknown[]) => Promise<void>;
};
/** Socket events of another domain, and what it does when a session has ended and its recording is sealed. */
export type SocketExtension = {
  handlers(ctx: SocketContext): Record<string, (...args: unknown[]) => Promise<void>>;
  sessionEnded?(sessionId: string, by: AuthUser): void;
};

const actorOf = (j: Joined): record.Actor => ({
  user: j.peer.user,
  participant: j.peer.identity.participant,
  endpoint: j.peer.identity.endpoint,
});

export class Signaling {
  readonly #io: Io;
  readonly #db: Db;
  readonly #media: MediaService;
  readonly #live = new LiveRooms();
  readonly #joined = new Map<string, Joined>();
  readonly #hookedRooms = new WeakSet<MediaRoom>();
  readonly #recordings: RecordingSupervisor;
  readonly #extensions: SocketExtension[] = [];

  constructor(io: Io, db: Db, media: MediaService, recordings: RecordingSupervisor) {
    this.#io = io;
    this.#db = db;
    this.#media = media;
    this.#recordings = recordings;
    recordings.onChange = (sessionId) =>
      void this.#afterChange(sessionId).catch((err: unknown) => logger.warn({ err, sessionId }, 'could not push recording state'));
    io.on('connection', (socket) => this.#onConnection(socket));
  }

  /** Adds another domain's socket events (registered on connections made from now on). */
  extend(ext: SocketExtension): void {
    this.#extensions.push(ext);
  }

  /** Pushes an event to every admitted participant of a session. */
  toAdmitted<E extends keyof ServerToClientEvents>(sessionId: string, event: E, ...payload: Parameters<ServerToClientEvents[E]>): void {
    (this.#io.to(ch.media(sessionId)).emit as (e: string, ...a: unknown[]) => boolean)(event, ...payload);
  }

  /** Participants currently connected to a session, admitted or waiting (for operators and tests). */
  livePeers(sessionId: string): (PeerView & { admitted: boolean })[] {
    return this.#live.peers(sessionId).map((p) => ({ ...p.view, admitted: p.admitted }));
  }

  /** Leaves every joined peer (audited) before shutdown, so no departure goes unrecorded. */
  async drain(): Promise<void> {
    await Promise.all([...this.#joined.keys()].map((socketId) => this.#leave(socketId, 'disconnected')));
  }

  /** A booking was cancelled over HTTP: send everyone waiting home. */
  sessionCancelled(sessionId: string, reason: string): void {
    void this.#finishRecording(sessionId).then(() => this.#closeSession(sessionId, 'cancelled', reason));
  }

  /** Stops and seals the session's recording; a failure is logged and left to start-up recovery. */
  async #finishRecording(sessionId: string): Promise<void> {
    await this.#recordings.finish(sessionId).catch((err: unknown) => logger.error({ err, sessionId }, 'could not seal the recording'));
  }

  #onConnection(socket: Sock): void {
    const user = socket.data.user;
    const limiter = new RateLimiter(200, 100);
    const onNoAck = (event: string) => (w: WireError) => socket.emit('protocol:error', { event, error: w.error, message: w.message });
    const joined = (): Joined => {
      const j = this.#joined.get(socket.id);
      if (!j) throw NotJoined();
      return j;
    };
    const inMedia = (): InMedia => {
      const j = joined();
      if (!j.room) throw InLobby();
      if (j.room.closed) throw NotJoined();
      return j as InMedia;
    };
    const sid = (j: Joined) => j.peer.identity.session.id;
    const type = (j: Joined) => j.peer.identity.session.type;
    const role = (j: Joined) => j.peer.view.sessionRole;
    const h = <K extends keyof ClientToServerEvents>(event: K, schema: Parameters<typeof handle>[0], fn: (i: any) => Promise<unknown>) =>
      handle(schema, limiter, onNoAck(event), fn);
    /** A procedural act: the record layer checks rights and writes it; then everyone gets the new state. */
    const act = <K extends keyof ClientToServerEvents>(
      event: K,
      schema: Parameters<typeof handle>[0],
      fn: (j: Joined, actor: record.Actor, input: any) => Promise<unknown>,
    ) =>
      h(event, schema, async (i) => {
        const j = joined();
        await fn(j, actorOf(j), i);
        return this.#afterChange(sid(j));
      });

    const handlers: { [E in keyof SessionRequests]: (...args: unknown[]) => Promise<void> } = {
      'session:join': h('session:join', S.JoinInput, (i) => this.#join(socket, user, i.sessionId, i.endpoint)),
      'session:leave': h('session:leave', S.LeaveInput, async () => {
        await this.#leave(socket.id, 'left');
        return {};
      }),
      'session:capabilities': h('session:capabilities', S.CapabilitiesInput, async (i) => {
        const j = inMedia();
        await mediaCall(() => j.room.setCapabilities(j.peer.view.peerId, i.rtpCapabilities as never));
        return {};
      }),
      'transport:create': h('transport:create', S.TransportCreateInput, async (i) => {
        const j = inMedia();
        if (i.direction === 'recv' && !canSubscribe(type(j), role(j))) throw Forbidden(`role ${role(j)} may not receive media`);
        if (i.direction === 'send' && grantsFor(type(j), role(j)).publish.length === 0)
          throw Forbidden(`role ${role(j)} may not send media`);
        return (await mediaCall(() => j.room.createTransport(j.peer.view.peerId, i.direction))) as unknown as TransportView;
      }),
      'transport:connect': h('transport:connect', S.TransportConnectInput, async (i) => {
        const j = inMedia();
        await mediaCall(() => j.room.connectTransport(j.peer.view.peerId, i.transportId, i.dtlsParameters as never));
        return {};
      }),
      'transport:restartIce': h('transport:restartIce', S.TransportRestartIceInput, async (i) => {
        const j = inMedia();
        const iceParameters = await mediaCall(() => j.room.restartIce(j.peer.view.peerId, i.transportId));
        void telemetry(this.#db, sid(j), j.peer.view.peerId, 'ice_restart', { transportId: i.transportId });
        return { iceParameters: iceParameters as unknown as Json };
      }),
      'producer:create': h('producer:create', S.ProducerCreateInput, async (i) => {
        const j = inMedia();
        if (!canPublish(type(j), role(j), i.source)) throw Forbidden(`role ${role(j)} may not publish ${i.source}`);
        if ((i.source === 'microphone') !== (i.kind === 'audio')) throw Forbidden(`source ${i.source} cannot carry ${i.kind}`);
        const p = await mediaCall(() => j.room.produce(j.peer.view.peerId, i.transportId, i.kind, i.rtpParameters as never, i.source));
        socket.to(ch.media(sid(j))).emit('producer:new', p);
        return { producerId: p.producerId };
      }),
      'producer:setPaused': h('producer:setPaused', S.ProducerSetPausedInput, async (i) => {
        const j = inMedia();
        await mediaCall(() => j.room.setProducerPaused(j.peer.view.peerId, i.producerId, i.paused));
        socket.to(ch.media(sid(j))).emit('producer:paused', { producerId: i.producerId, peerId: j.peer.view.peerId, paused: i.paused });
        return {};
      }),
      'producer:close': h('producer:close', S.ProducerCloseInput, async (i) => {
        const j = inMedia();
        await mediaCall(() => j.room.closeProducer(j.peer.view.peerId, i.producerId));
        socket.to(ch.media(sid(j))).emit('producer:closed', { producerId: i.producerId, peerId: j.peer.view.peerId });
        return {};
      }),
      'consumer:create': h('consumer:create', S.ConsumerCreateInput, async (i) => {
        const j = inMedia();
        if (!canSubscribe(type(j), role(j))) throw Forbidden(`role ${role(j)} may not receive media`);
        return (await mediaCall(() => j.room.consume(j.peer.view.peerId, i.transportId, i.producerId))) as unknown as ConsumerView;
      }),
      'consumer:resume': h('consumer:resume', S.ConsumerResumeInput, async (i) => {
        const j = inMedia();
        await mediaCall(() => j.room.resumeConsumer(j.peer.view.peerId, i.consumerId));
        return {};
      }),
      'session:state': h('session:state', S.EmptyInput, async () => this.#state(sid(joined()))),
      'lobby:admit': h('lobby:admit', S.ParticipantInput, async (i) => this.#admit(joined(), i.participantId)),
      'lobby:admitAll': h('lobby:admitAll', S.EmptyInput, async () => {
        const j = joined();
        hostOnly(j, 'admit participants');
        for (const w of this.#live.waiting(sid(j))) await this.#admit(j, w.view.peerId);
        return this.#state(sid(j));
      }),
      'lobby:deny': h('lobby:deny', S.DenyInput, async (i) => this.#deny(joined(), i.participantId, i.reason ?? '主持人未准许进入')),
      'lobby:return': h('lobby:return', S.ParticipantInput, async (i) => this.#sendBack(joined(), i.participantId)),
      'host:mute': h('host:mute', S.MuteInput, async (i) => {
        await this.#mute(joined(), i.participantId, i.source);
        return {};
      }),
      'host:remove': h('host:remove', S.RemoveInput, async (i) => this.#remove(joined(), i.participantId, i.reason)),
      'host:lock': act('host:lock', S.LockInput, (j, a, i) => record.setLocked(this.#db, sid(j), a, i.locked)),
      'session:phase': act('session:phase', S.PhaseInput, (j, a, i) => record.setPhase(this.#db, sid(j), a, i.phase)),
      'session:attestIdentity': h('session:attestIdentity', S.AttestInput, async (i) => {
        const j = joined();
        if (!this.#live.peers(sid(j)).some((p) => p.view.endpoint === 'kiosk')) {
          throw InvalidState('the custody kiosk', 'not connected', 'open the kiosk so the detainee is on screen');
        }
        await record.attestIdentity(this.#db, sid(j), actorOf(j), i.method, i.idLast4);
        return this.#afterChange(sid(j));
      }),
      'session:confirmIdentity': act('session:confirmIdentity', S.EmptyInput, (j, a) => record.confirmIdentity(this.#db, sid(j), a)),
      'session:consent': act('session:consent', S.ConsentInput, (j, a, i) =>
        record.recordConsent(this.#db, sid(j), a, i.participantId, i.method, i.note),
      ),
      'session:goLive': act('session:goLive', S.EmptyInput, (j, a) => {
        const present = this.#live.present(sid(j));
        return record.goLive(this.#db, sid(j), a, present, (s) => this.#recordings.unmet(s, present));
      }),
      'session:interrupt': act('session:interrupt', S.ReasonInput, (j, a, i) => record.interrupt(this.#db, sid(j), a, i.reason)),
      'session:resume': act('session:resume', S.EmptyInput, (j, a) => {
        const present = this.#live.present(sid(j));
        return record.resume(this.#db, sid(j), a, present, (s) => this.#recordings.unmet(s, present));
      }),
      'recording:start': act('recording:start', S.EmptyInput, async (j) => {
        hostOnly(j, 'start recording');
        await this.#recordings.start(j.peer.identity.session, this.#media.getRoom(sid(j)), j.peer.user);
      }),
      'recording:explainGap': act('recording:explainGap', S.ExplainGapInput, (j, a, i) =>
        record.explainGap(this.#db, sid(j), a, i.gapId, i.cause),
      ),
      'session:end': h('session:end', S.EndInput, async (i) => {
        const j = joined();
        const id = sid(j);
        const s = await record.endSession(this.#db, id, actorOf(j), i.reason ?? '主持人结束');
        await this.#finishRecording(id);
        for (const ext of this.#extensions) ext.sessionEnded?.(id, user);
        const state = await this.#state(id);
        await this.#closeSession(id, 'ended', s.endReason ?? '');
        return state;
      }),
    };

    const ctx: SocketContext = {
      admitted: () => {
        const j = inMedia();
        return { actor: actorOf(j), session: j.peer.identity.session };
      },
      handle: (event, schema, fn, maxBytes) => handle(schema, limiter, onNoAck(event), fn, maxBytes),
    };
    const all: Record<string, (...args: unknown[]) => Promise<void>> = { ...handlers };
    for (const ext of this.#extensions) Object.assign(all, ext.handlers(ctx));
    for (const [event, fn] of Object.entries(all)) socket.on(event as keyof ClientToServerEvents, fn as never);
    socket.onAny((event: string, ...args: unknown[]) => {
      if (event in all) return;
      const { ack } = splitArgs(args);
      const err = UnknownEvent(String(event));
      const wire = { ok: false as const, error: err.code, message: err.message };
      if (ack) ack(wire);
      else socket.emit('protocol:error', { event: String(event).slice(0, 64), error: err.code, message: err.message });
    });
    socket.on('disconnect', () => void this.#leave(socket.id, 'disconnected'));
  }

  async #state(sessionId: string): Promise<RoomStateView> {
    const s = await repo.findById(this.#db, sessionId);
    if (!s) throw NotFound('session', sessionId);
    const present = this.#live.present(sessionId);
    const view = recordingPolicyFor(s.type) === 'forbidden' ? null : await this.#recordings.snapshot(s);
    return roomState(this.#db, s, present, { view, unmet: this.#recordings.unmet(s, present) });
  }

  /** Pushes the procedural state to everyone in the session and the lobby list to its hosts. */
  async #afterChange(sessionId: string): Promise<RoomStateView> {
    const state = await this.#state(sessionId);
    this.#io.to(ch.all(sessionId)).emit('session:updated', state);
    this.#io.to(ch.hosts(sessionId)).emit('lobby:changed', { waiting: this.#live.waiting(sessionId).map((p) => p.view) });
    return state;
  }

  #joinView(peer: LivePeer, room: MediaRoom | null, state: RoomStateView): JoinView {
    const s = peer.identity.session;
    const sessionId = s.id;
    return {
      sessionId,
      self: peer.view,
      admitted: room !== null,
      host: peer.host,
      grants: grantsFor(s.type, peer.view.sessionRole),
      routerRtpCapabilities: room ? (room.rtpCapabilities as unknown as Json) : {},
      peers: room
        ? this.#live
            .peers(sessionId)
            .filter((p) => p.admitted && p.view.peerId !== peer.view.peerId)
            .map((p) => p.view)
        : [],
      producers: room ? room.listProducers(peer.view.peerId) : [],
      room: state,
    };
  }

  async #join(socket: Sock, user: AuthUser, sessionId: string, endpoint: 'user' | 'kiosk'): Promise<JoinView> {
    const identity = await resolveJoin(this.#db, user, sessionId, endpoint);
    if (this.#joined.has(socket.id)) await this.#leave(socket.id, 'left');
    if (!socket.connected) throw MediaUnavailable('connection closed while joining');
    const s = identity.session;
    const p = identity.participant;
    const host = endpoint === 'user' && isHostRole(s.type, p.sessionRole);
    // NOTE: nobody bypasses the lobby by arriving early: only hosts, and people a host already
    // admitted to this hearing (a reconnect), go straight in.
    const admitted = host || p.admittedAt !== null;
    if (!admitted && s.locked) {
      await audit.recordAlone(this.#db, {
        actorUserId: user.id,
        agencyId: user.agencyId,
        action: 'session.join',
        objectType: 'session',
        objectId: s.id,
        outcome: 'denied',
        detail: { endpoint, reason: 'locked', participantId: p.id },
      });
      throw SessionLocked(s.id);
    }
    if (s.state === 'scheduled') await record.openLobby(this.#db, s.id, { user, participant: p, endpoint });

    // NOTE: the router is made before the peer is registered: if no worker is available (one is
    // restarting) the join fails cleanly and the client's retry finds no half-joined leftover.
    const mediaRoom = admitted ? await mediaCall(() => this.#media.ensureRoom(s.id, { recording: recordingPolicyFor(s.type) })) : null;
    const previous = this.#live.get(sessionId, p.id);
    if (previous) this.#evict(previous, previous.socketId === socket.id ? 'rejoined' : 'replaced');
    const view: PeerView = { peerId: p.id, displayName: p.displayName, sessionRole: p.sessionRole, endpoint };
    const peer: LivePeer = { view, identity, user, socketId: socket.id, joinedAt: Date.now(), admitted, host };
    this.#live.add(sessionId, peer);
    let room: MediaRoom | null = null;
    try {
      await socket.join(ch.all(sessionId));
      if (host) await socket.join(ch.hosts(sessionId));
      if (mediaRoom) room = await this.#enterMedia(socket, peer, mediaRoom);
      else {
        this.#joined.set(socket.id, { peer, room: null });
        await socket.join(ch.lobby(sessionId));
      }
    } catch (err) {
      this.#live.remove(sessionId, p.id, socket.id);
      this.#joined.delete(socket.id);
      throw err;
    }
    await telemetryJoin(this.#db, sessionId, p.id, { endpoint, admitted });
    await recordPresence(this.#db, user, identity, 'session.join', { admitted });
    logger.info({ sessionId, peerId: p.id, endpoint, admitted }, 'peer joined');
    return this.#joinView(peer, room, await this.#afterChange(sessionId));
  }

  async #enterMedia(socket: Sock, peer: LivePeer, existing?: MediaRoom): Promise<MediaRoom> {
    const s = peer.identity.session;
    const room =
      existing && !existing.closed
        ? existing
        : await mediaCall(() => this.#media.ensureRoom(s.id, { recording: recordingPolicyFor(s.type) }));
    this.#hookRoom(room);
    room.addPeer(peer.view.peerId);
    this.#joined.set(socket.id, { peer, room });
    await socket.join(ch.media(s.id));
    socket.to(ch.media(s.id)).emit('peer:joined', peer.view);
    return room;
  }

  async #admit(j: Joined, participantId: string): Promise<RoomStateView> {
    const sessionId = j.peer.identity.session.id;
    hostOnly(j, 'admit participants');
    const target = this.#live.get(sessionId, participantId);
    if (!target || target.admitted) throw NotFound('waiting participant', participantId);
    await record.admit(this.#db, sessionId, actorOf(j), participantId);
    target.admitted = true;
    const sock = this.#io.sockets.sockets.get(target.socketId);
    let room: MediaRoom | null = null;
    if (sock) {
      await sock.leave(ch.lobby(sessionId));
      room = await this.#enterMedia(sock, target);
    }
    void telemetry(this.#db, sessionId, participantId, 'admitted', { by: j.peer.view.peerId });
    const state = await this.#afterChange(sessionId);
    if (sock && room) sock.emit('lobby:admitted', this.#joinView(target, room, state));
    return state;
  }

  async #deny(j: Joined, participantId: string, reason: string): Promise<RoomStateView> {
    const sessionId = j.peer.identity.session.id;
    await record.deny(this.#db, sessionId, actorOf(j), participantId, reason);
    const target = this.#live.get(sessionId, participantId);
    if (target && !target.admitted) {
      this.#live.remove(sessionId, participantId, target.socketId);
      this.#joined.delete(target.socketId);
      const sock = this.#io.sockets.sockets.get(target.socketId);
      sock?.emit('lobby:denied', { reason });
      this.#leaveChannels(sock, sessionId);
      void telemetry(this.#db, sessionId, participantId, 'leave', { reason: 'denied' });
    }
    return this.#afterChange(sessionId);
  }

  async #sendBack(j: Joined, participantId: string): Promise<RoomStateView> {
    const sessionId = j.peer.identity.session.id;
    await record.sendToLobby(this.#db, sessionId, actorOf(j), participantId);
    const target = this.#live.get(sessionId, participantId);
    if (target?.admitted) {
      target.admitted = false;
      const tj = this.#joined.get(target.socketId);
      if (tj?.room && !tj.room.closed) tj.room.removePeer(participantId);
      this.#joined.set(target.socketId, { peer: target, room: null });
      const sock = this.#io.sockets.sockets.get(target.socketId);
      if (sock) {
        await sock.leave(ch.media(sessionId));
        await sock.join(ch.lobby(sessionId));
        sock.emit('lobby:returned', { sessionId });
      }
      this.#io.to(ch.media(sessionId)).emit('peer:left', { peerId: participantId, reason: 'lobby' });
      void telemetry(this.#db, sessionId, participantId, 'returned_to_lobby', { by: j.peer.view.peerId });
    }
    return this.#afterChange(sessionId);
  }

  async #remove(j: Joined, participantId: string, reason: string): Promise<RoomStateView> {
    const sessionId = j.peer.identity.session.id;
    await record.removeFromSession(this.#db, sessionId, actorOf(j), participantId, reason);
    const target = this.#live.get(sessionId, participantId);
    if (target) {
      this.#evict(target, 'removed');
      this.#io.sockets.sockets.get(target.socketId)?.emit('session:removed', { sessionId, reason });
      void telemetry(this.#db, sessionId, participantId, 'leave', { reason: 'removed' });
    }
    return this.#afterChange(sessionId);
  }

  /** Server-side mute: the participant's producers are paused in the SFU, whatever their client does. */
  async #mute(j: Joined, participantId: string, source: 'microphone' | 'camera'): Promise<void> {
    const sessionId = j.peer.identity.session.id;
    await record.muteRecorded(this.#db, sessionId, actorOf(j), participantId, source);
    const target = this.#live.get(sessionId, participantId);
    const room = target ? this.#joined.get(target.socketId)?.room : null;
    if (!target || !room) return;
    for (const p of room.listProducers().filter((x) => x.peerId === participantId && x.source === source)) {
      await mediaCall(() => room.setProducerPaused(participantId, p.producerId, true));
      this.#io.to(ch.media(sessionId)).emit('producer:paused', { producerId: p.producerId, peerId: participantId, paused: true });
    }
    this.#io.sockets.sockets.get(target.socketId)?.emit('host:muted', { source, by: j.peer.view.displayName });
  }

  #leaveChannels(sock: Sock | undefined, sessionId: string): void {
    if (!sock) return;
    for (const c of [ch.media(sessionId), ch.all(sessionId), ch.lobby(sessionId), ch.hosts(sessionId)]) void sock.leave(c);
  }

  // NOTE: the same participant joining again (a reload, a second device, a reconnect that beat
  // the old socket's timeout) replaces the old connection instead of leaving a ghost behind.
  #evict(previous: LivePeer, reason: 'replaced' | 'removed' | 'rejoined'): void {
    const sessionId = previous.identity.session.id;
    this.#live.remove(sessionId, previous.view.peerId, previous.socketId);
    const pj = this.#joined.get(previous.socketId);
    this.#joined.delete(previous.socketId);
    if (pj?.room && !pj.room.closed) pj.room.removePeer(previous.view.peerId);
    const old = this.#io.sockets.sockets.get(previous.socketId);
    if (old && reason === 'replaced') old.emit('session:replaced', { sessionId });
    if (reason !== 'rejoined') this.#leaveChannels(old, sessionId);
    if (previous.admitted)
      this.#io
        .to(ch.media(sessionId))
        .emit('peer:left', { peerId: previous.view.peerId, reason: reason === 'rejoined' ? 'replaced' : reason });
  }

  async #leave(socketId: string, reason: 'left' | 'disconnected'): Promise<void> {
    const j = this.#joined.get(socketId);
    if (!j) return;
    this.#joined.delete(socketId);
    const sessionId = j.peer.identity.session.id;
    const removed = this.#live.remove(sessionId, j.peer.view.peerId, socketId);
    if (!removed) return;
    if (j.room && !j.room.closed) j.room.removePeer(j.peer.view.peerId);
    this.#leaveChannels(this.#io.sockets.sockets.get(socketId), sessionId);
    if (j.peer.admitted) this.#io.to(ch.media(sessionId)).emit('peer:left', { peerId: j.peer.view.peerId, reason });
    if (this.#live.present(sessionId).size === 0) this.#media.closeRoom(sessionId);
    await telemetry(this.#db, sessionId, j.peer.view.peerId, 'leave', {
      reason,
      seconds: Math.round((Date.now() - j.peer.joinedAt) / 1000),
    });
    await recordPresence(this.#db, j.peer.user, j.peer.identity, 'session.leave', {
      reason,
      seconds: Math.round((Date.now() - j.peer.joinedAt) / 1000),
    }).catch((err: unknown) => logger.error({ err, sessionId }, 'could not audit leave'));
    await this.#afterChange(sessionId).catch((err: unknown) => logger.warn({ err, sessionId }, 'could not push state after leave'));
  }

  /** The session ended or was cancelled: tell everyone, drop every connection, close the router. */
  async #closeSession(sessionId: string, state: 'ended' | 'cancelled', reason: string): Promise<void> {
    this.#io.to(ch.all(sessionId)).emit('session:ended', { sessionId, state, reason });
    for (const p of this.#live.dropSession(sessionId)) {
      this.#joined.delete(p.socketId);
      this.#leaveChannels(this.#io.sockets.sockets.get(p.socketId), sessionId);
      await telemetry(this.#db, sessionId, p.view.peerId, 'leave', { reason: state });
      await recordPresence(this.#db, p.user, p.identity, 'session.leave', {
        reason: state,
        seconds: Math.round((Date.now() - p.joinedAt) / 1000),
      }).catch((err: unknown) => logger.error({ err, sessionId }, 'could not audit leave'));
    }
    this.#media.closeRoom(sessionId);
  }

  #hookRoom(room: MediaRoom): void {
    if (this.#hookedRooms.has(room)) return;
    this.#hookedRooms.add(room);
    room.on('consumerclosed', ({ peerId, consumerId, producerId }) => {
      const peer = this.#live.get(room.id, peerId);
      if (peer) this.#io.sockets.sockets.get(peer.socketId)?.emit('consumer:closed', { consumerId, producerId });
    });
    room.on('transportstate', (e) => {
      void telemetry(this.#db, room.id, e.peerId, `${e.kind}_${e.state}`, { direction: e.direction, transportId: e.transportId });
    });
    room.on('closed', ({ reason }) => {
      if (reason !== 'worker_died') return;
      // NOTE: the worker under this session died. Forget every admitted peer and tell the clients
      // to rejoin; they land on a router on a live worker, keep their identity and their admission.
      logger.warn({ sessionId: room.id }, 'media room lost with its worker; asking peers to rejoin');
      for (const p of this.#live.peers(room.id).filter((x) => x.admitted)) {
        this.#live.remove(room.id, p.view.peerId, p.socketId);
        this.#joined.delete(p.socketId);
        const sock = this.#io.sockets.sockets.get(p.socketId);
        void telemetry(this.#db, room.id, p.view.peerId, 'leave', { reason: 'media_reset' });
        sock?.emit('session:mediaReset', { sessionId: room.id, reason: 'media worker restarted' });
        this.#leaveChannels(sock, room.id);
      }
    });
  }
}
