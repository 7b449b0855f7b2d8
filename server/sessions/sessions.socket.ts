// Media signaling for live sessions: join, transports, produce, consume, leave.
// Every request is validated and acknowledged through realtime/ack.ts.
import type { Server, Socket } from 'socket.io';
import type { MediaRoom, MediaService } from '../../media';
import type { AuthUser } from '../auth';
import type { Db } from '../db/db';
import { Forbidden, MediaUnavailable, NotJoined, UnknownEvent, type WireError } from '../errors';
import { logger } from '../logger';
import { handle, RateLimiter, splitArgs } from '../realtime/ack';
import type {
  ClientToServerEvents, ConsumerView, JoinView, Json, PeerView, ServerToClientEvents, TransportView,
} from '../realtime/events';
import { canPublish, canSubscribe } from './sessions.grants';
import { mediaCall } from './sessions.media';
import { LiveRooms, type LivePeer } from './liveRooms';
import { recordPresence, resolveJoin } from './sessions.service';
import * as S from './signaling.schema';

type Sock = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;
type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;
type Joined = { peer: LivePeer; room: MediaRoom };

const channel = (sessionId: string) => `session:${sessionId}`;

export class Signaling {
  readonly #io: Io;
  readonly #db: Db;
  readonly #media: MediaService;
  readonly #live = new LiveRooms();
  readonly #joined = new Map<string, Joined>();
  readonly #hookedRooms = new WeakSet<MediaRoom>();

  constructor(io: Io, db: Db, media: MediaService) {
    this.#io = io;
    this.#db = db;
    this.#media = media;
    io.on('connection', (socket) => this.#onConnection(socket));
  }

  /** Participants currently connected to a session (for operators and tests). */
  livePeers(sessionId: string): PeerView[] {
    return this.#live.peers(sessionId).map((p) => p.view);
  }

  /** Leaves every joined peer (audited) before shutdown, so no departure goes unrecorded. */
  async drain(): Promise<void> {
    await Promise.all([...this.#joined.keys()].map((socketId) => this.#leave(socketId, 'disconnected')));
  }

  #onConnection(socket: Sock): void {
    const user = socket.data.user;
    const limiter = new RateLimiter(200, 100);
    const onNoAck = (event: string) => (w: WireError) =>
      socket.emit('protocol:error', { event, error: w.error, message: w.message });
    const joined = (): Joined => {
      const j = this.#joined.get(socket.id);
      if (!j || j.room.closed) throw NotJoined();
      return j;
    };

    const handlers: { [E in keyof ClientToServerEvents]: (...args: unknown[]) => Promise<void> } = {
      'session:join': handle(S.JoinInput, limiter, onNoAck('session:join'), (i) => this.#join(socket, user, i.sessionId, i.endpoint)),
      'session:capabilities': handle(S.CapabilitiesInput, limiter, onNoAck('session:capabilities'), async (i) => {
        const j = joined();
        await mediaCall(() => j.room.setCapabilities(j.peer.view.peerId, i.rtpCapabilities as never));
        return {};
      }),
      'session:leave': handle(S.LeaveInput, limiter, onNoAck('session:leave'), async () => {
        await this.#leave(socket.id, 'left');
        return {};
      }),
      'transport:create': handle(S.TransportCreateInput, limiter, onNoAck('transport:create'), async (i) => {
        const j = joined();
        const role = j.peer.view.sessionRole;
        if (i.direction === 'recv' && !canSubscribe(role)) throw Forbidden(`role ${role} may not receive media`);
        if (i.direction === 'send' && !(['camera', 'microphone', 'screen'] as const).some((s) => canPublish(role, s))) {
          throw Forbidden(`role ${role} may not send media`);
        }
        const t = await mediaCall(() => j.room.createTransport(j.peer.view.peerId, i.direction));
        return t as unknown as TransportView;
      }),
      'transport:connect': handle(S.TransportConnectInput, limiter, onNoAck('transport:connect'), async (i) => {
        const j = joined();
        await mediaCall(() => j.room.connectTransport(j.peer.view.peerId, i.transportId, i.dtlsParameters as never));
        return {};
      }),
      'transport:restartIce': handle(S.TransportRestartIceInput, limiter, onNoAck('transport:restartIce'), async (i) => {
        const j = joined();
        const iceParameters = await mediaCall(() => j.room.restartIce(j.peer.view.peerId, i.transportId));
        return { iceParameters: iceParameters as unknown as Json };
      }),
      'producer:create': handle(S.ProducerCreateInput, limiter, onNoAck('producer:create'), async (i) => {
        const j = joined();
        const role = j.peer.view.sessionRole;
        if (!canPublish(role, i.source)) throw Forbidden(`role ${role} may not publish ${i.source}`);
        if ((i.source === 'microphone') !== (i.kind === 'audio')) throw Forbidden(`source ${i.source} cannot carry ${i.kind}`);
        const p = await mediaCall(() => j.room.produce(j.peer.view.peerId, i.transportId, i.kind, i.rtpParameters as never, i.source));
        socket.to(channel(j.peer.identity.session.id)).emit('producer:new', p);
        return { producerId: p.producerId };
      }),
      'producer:setPaused': handle(S.ProducerSetPausedInput, limiter, onNoAck('producer:setPaused'), async (i) => {
        const j = joined();
        await mediaCall(() => j.room.setProducerPaused(j.peer.view.peerId, i.producerId, i.paused));
        socket.to(channel(j.peer.identity.session.id)).emit('producer:paused', { producerId: i.producerId, peerId: j.peer.view.peerId, paused: i.paused });
        return {};
      }),
      'producer:close': handle(S.ProducerCloseInput, limiter, onNoAck('producer:close'), async (i) => {
        const j = joined();
        await mediaCall(() => j.room.closeProducer(j.peer.view.peerId, i.producerId));
        socket.to(channel(j.peer.identity.session.id)).emit('producer:closed', { producerId: i.producerId, peerId: j.peer.view.peerId });
        return {};
      }),
      'consumer:create': handle(S.ConsumerCreateInput, limiter, onNoAck('consumer:create'), async (i) => {
        const j = joined();
        if (!canSubscribe(j.peer.view.sessionRole)) throw Forbidden(`role ${j.peer.view.sessionRole} may not receive media`);
        const c = await mediaCall(() => j.room.consume(j.peer.view.peerId, i.transportId, i.producerId));
        return c as unknown as ConsumerView;
      }),
      'consumer:resume': handle(S.ConsumerResumeInput, limiter, onNoAck('consumer:resume'), async (i) => {
        const j = joined();
        await mediaCall(() => j.room.resumeConsumer(j.peer.view.peerId, i.consumerId));
        return {};
      }),
    };

    for (const [event, fn] of Object.entries(handlers)) socket.on(event as keyof ClientToServerEvents, fn as never);
    socket.onAny((event: string, ...args: unknown[]) => {
      if (event in handlers) return;
      const { ack } = splitArgs(args);
      const err = UnknownEvent(String(event));
      const wire = { ok: false as const, error: err.code, message: err.message };
      if (ack) ack(wire); else socket.emit('protocol:error', { event: String(event).slice(0, 64), error: err.code, message: err.message });
    });
    socket.on('disconnect', () => void this.#leave(socket.id, 'disconnected'));
  }

  async #join(socket: Sock, user: AuthUser, sessionId: string, endpoint: 'user' | 'kiosk'): Promise<JoinView> {
    const identity = await resolveJoin(this.#db, user, sessionId, endpoint);
    if (this.#joined.has(socket.id)) await this.#leave(socket.id, 'left');
    if (!socket.connected) throw MediaUnavailable('connection closed while joining');
    const room = await mediaCall(() => this.#media.ensureRoom(sessionId));
    this.#hookRoom(room);
    const peerId = identity.participant.id;

    const previous = this.#live.get(sessionId, peerId);
    if (previous) this.#evict(previous, room);

    room.addPeer(peerId);
    const view: PeerView = { peerId, displayName: identity.participant.displayName, sessionRole: identity.participant.sessionRole, endpoint };
    const peer: LivePeer = { view, identity, user, socketId: socket.id, joinedAt: Date.now() };
    this.#live.add(sessionId, peer);
    this.#joined.set(socket.id, { peer, room });
    await socket.join(channel(sessionId));
    socket.to(channel(sessionId)).emit('peer:joined', view);
    await recordPresence(this.#db, user, identity, 'session.join', { workerIndex: room.workerIndex });
    logger.info({ sessionId, peerId, endpoint }, 'peer joined');
    return {
      sessionId, self: view, routerRtpCapabilities: room.rtpCapabilities as unknown as Json,
      peers: this.#live.peers(sessionId).filter((p) => p.view.peerId !== peerId).map((p) => p.view),
      producers: room.listProducers(peerId),
    };
  }

  // NOTE: the same participant joining again (a reload, a second device, a reconnect that beat
  // the old socket's timeout) replaces the old connection instead of leaving a ghost behind.
  #evict(previous: LivePeer, room: MediaRoom): void {
    const sessionId = previous.identity.session.id;
    this.#live.remove(sessionId, previous.view.peerId, previous.socketId);
    this.#joined.delete(previous.socketId);
    room.removePeer(previous.view.peerId);
    const old = this.#io.sockets.sockets.get(previous.socketId);
    if (old) {
      old.emit('session:replaced', { sessionId });
      void old.leave(channel(sessionId));
    }
    this.#io.to(channel(sessionId)).emit('peer:left', { peerId: previous.view.peerId, reason: 'replaced' });
  }

  async #leave(socketId: string, reason: 'left' | 'disconnected'): Promise<void> {
    const j = this.#joined.get(socketId);
    if (!j) return;
    this.#joined.delete(socketId);
    const sessionId = j.peer.identity.session.id;
    const removed = this.#live.remove(sessionId, j.peer.view.peerId, socketId);
    if (!removed) return;
    if (!j.room.closed) j.room.removePeer(j.peer.view.peerId);
    const sock = this.#io.sockets.sockets.get(socketId);
    if (sock) await sock.leave(channel(sessionId));
    this.#io.to(channel(sessionId)).emit('peer:left', { peerId: j.peer.view.peerId, reason });
    if (this.#live.peers(sessionId).length === 0) this.#media.closeRoom(sessionId);
    await recordPresence(this.#db, j.peer.user, j.peer.identity, 'session.leave', {
      reason, seconds: Math.round((Date.now() - j.peer.joinedAt) / 1000),
    }).catch((err: unknown) => logger.error({ err, sessionId }, 'could not audit leave'));
  }

  #hookRoom(room: MediaRoom): void {
    if (this.#hookedRooms.has(room)) return;
    this.#hookedRooms.add(room);
    room.on('consumerclosed', ({ peerId, consumerId, producerId }) => {
      const peer = this.#live.get(room.id, peerId);
      if (peer) this.#io.sockets.sockets.get(peer.socketId)?.emit('consumer:closed', { consumerId, producerId });
    });
    room.on('transportstate', (e) => logger.debug({ sessionId: room.id, ...e }, 'transport state'));
    room.on('closed', ({ reason }) => {
      if (reason !== 'worker_died') return;
      // NOTE: the worker under this session died. Forget every peer and tell the clients to rejoin;
      // they land on a router on a live worker and keep their identity.
      logger.warn({ sessionId: room.id }, 'media room lost with its worker; asking peers to rejoin');
      for (const p of this.#live.dropSession(room.id)) {
        this.#joined.delete(p.socketId);
        const sock = this.#io.sockets.sockets.get(p.socketId);
        sock?.emit('session:mediaReset', { sessionId: room.id, reason: 'media worker restarted' });
        void sock?.leave(channel(room.id));
      }
    });
  }
}
