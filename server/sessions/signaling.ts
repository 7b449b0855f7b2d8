// The live-session hub over socket.io: connections, joining (into the lobby or straight into the
// media room), leaving, replacing a second connection of the same participant, pushing the room's
// state, and closing a session's room when it ends. The requests themselves are routes in
// media.socket.ts, lobby.socket.ts and procedure.socket.ts (and in recording/ and transcripts/),
// each typed by the event map and mounted once per connection here.
import type { MediaRoom, MediaService } from '../../media';
import * as audit from '../audit';
import type { AuthOptions, AuthUser } from '../auth';
import type { Db } from '../db/db';
import { InLobby, MediaUnavailable, NotFound, NotJoined, SessionLocked } from '../errors';
import { logger } from '../logger';
import { RateLimiter } from '../realtime/ack';
import type { JoinView, PeerView, RoomStateView, ServerToClientEvents } from '../realtime/events';
import { mountRoutes } from '../realtime/router';
import type { TurnOptions } from '../turn';
import type { Endpoint } from '../vocabulary';
import { HostMutes } from './hostMutes';
import { type LivePeer, Presence } from './presence';
import { grantsFor } from './sessions.grants';
import type { SessionLifecycle } from './sessions.lifecycle';
import { mediaCall } from './sessions.media';
import { isHostRole, recordingPolicyFor } from './sessions.policy';
import * as record from './sessions.record';
import * as repo from './sessions.repo';
import { roomState } from './sessions.roomState';
import { recordPresence, resolveJoin } from './sessions.service';
import { telemetry, telemetryJoin } from './sessions.telemetry';
import { actorOf, channel, type Conn, type InMedia, type Io, type SessionRoutes, type Sock } from './signaling.conn';

export class Signaling {
  readonly db: Db;
  readonly media: MediaService;
  readonly lifecycle: SessionLifecycle;
  readonly presence = new Presence();
  /** Mutes hosts imposed, which only a host lifts. */
  readonly mutes = new HostMutes();
  readonly #io: Io;
  readonly #hookedRooms = new WeakSet<MediaRoom>();
  readonly #routes: SessionRoutes[] = [];

  /** TURN for participants who cannot reach the SFU directly (null: none configured). */
  readonly turn: TurnOptions | null;
  /** Login rules, for an officer who vouches on a kiosk device with their own password. */
  readonly auth: AuthOptions;

  constructor(io: Io, db: Db, media: MediaService, lifecycle: SessionLifecycle, auth: AuthOptions, turn: TurnOptions | null = null) {
    this.turn = turn;
    this.auth = auth;
    this.#io = io;
    this.db = db;
    this.media = media;
    this.lifecycle = lifecycle;
    lifecycle.onChanged(
      (sessionId) => void this.afterChange(sessionId).catch((err: unknown) => logger.warn({ err, sessionId }, 'could not push room state')),
    );
    lifecycle.onEnded((e) => this.#closeSession(e.sessionId, e.state, e.reason));
    io.on('connection', (socket) => this.#onConnection(socket));
  }

  /** Adds routes to every connection made from now on (mounted together, so unknown events are known to all). */
  addRoutes(routes: SessionRoutes): void {
    this.#routes.push(routes);
  }

  /** Pushes an event to every admitted participant of a session. */
  toAdmitted<E extends keyof ServerToClientEvents>(sessionId: string, event: E, ...payload: Parameters<ServerToClientEvents[E]>): void {
    this.#io.to(channel.media(sessionId)).emit(event, ...payload);
  }

  /** Pushes an event to everyone in a session's socket.io room (`channel.*`), optionally but one connection. */
  to(room: string, except?: Sock): Pick<Io, 'emit'> {
    return except ? except.to(room) : this.#io.to(room);
  }

  /** The live connection with that id, if any. */
  socketOf(socketId: string): Sock | undefined {
    return this.#io.sockets.sockets.get(socketId);
  }

  /** Participants currently connected to a session, admitted or waiting (for operators and tests). */
  livePeers(sessionId: string): (PeerView & { admitted: boolean })[] {
    return this.presence.peers(sessionId).map((p) => ({ ...p.view, admitted: p.admitted }));
  }

  /** Leaves every joined peer (audited) before shutdown, so no departure goes unrecorded. */
  async drain(): Promise<void> {
    await Promise.all(this.presence.all().map((p) => this.leave(p.socketId, 'disconnected')));
  }

  #onConnection(socket: Sock): void {
    const user = socket.data.user;
    const joined = (): LivePeer => {
      const p = this.presence.ofSocket(socket.id);
      if (!p) throw NotJoined();
      return p;
    };
    const inMedia = (): InMedia => {
      const p = joined();
      if (!p.room) throw InLobby();
      if (p.room.closed) throw NotJoined();
      return p as InMedia;
    };
    const conn: Conn = {
      socket,
      user,
      hub: this,
      joined,
      inMedia,
      admitted: () => {
        const p = inMedia();
        return { actor: actorOf(p), session: p.identity.session };
      },
    };
    mountRoutes(socket, Object.assign({}, ...this.#routes) as SessionRoutes, conn, new RateLimiter(200, 100));
    socket.on('disconnect', () => void this.leave(socket.id, 'disconnected'));
  }

  /** The session's procedural state as every participant sees it. */
  async state(sessionId: string): Promise<RoomStateView> {
    const s = await repo.findById(this.db, sessionId);
    if (!s) throw NotFound('session', sessionId);
    const present = this.presence.present(sessionId);
    const view = recordingPolicyFor(s.type) === 'forbidden' ? null : await this.lifecycle.recorderView(s);
    return roomState(this.db, s, present, { view, unmet: await this.lifecycle.unmetBeforeLive(s, present) });
  }

  /** Pushes the procedural state to everyone in the session and the lobby list to its hosts. */
  async afterChange(sessionId: string): Promise<RoomStateView> {
    const state = await this.state(sessionId);
    this.#io.to(channel.all(sessionId)).emit('session:updated', state);
    this.#io.to(channel.hosts(sessionId)).emit('lobby:changed', { waiting: this.presence.waiting(sessionId).map((p) => p.view) });
    return state;
  }

  joinView(peer: LivePeer, state: RoomStateView): JoinView {
    const s = peer.identity.session;
    const room = peer.room;
    return {
      sessionId: s.id,
      self: peer.view,
      admitted: room !== null,
      host: peer.host,
      grants: grantsFor(s.type, peer.view.sessionRole),
      routerRtpCapabilities: room ? room.rtpCapabilities : {},
      peers: room
        ? this.presence
            .peers(s.id)
            .filter((p) => p.admitted && p.view.peerId !== peer.view.peerId)
            .map((p) => p.view)
        : [],
      producers: room ? room.listProducers(peer.view.peerId) : [],
      room: state,
    };
  }

  async join(socket: Sock, user: AuthUser, sessionId: string, endpoint: Endpoint): Promise<JoinView> {
    const identity = await resolveJoin(this.db, user, sessionId, endpoint);
    if (this.presence.ofSocket(socket.id)) await this.leave(socket.id, 'left');
    if (!socket.connected) throw MediaUnavailable('connection closed while joining');
    const s = identity.session;
    const p = identity.participant;
    const host = endpoint === 'user' && isHostRole(s.type, p.sessionRole);
    // NOTE: nobody bypasses the lobby by arriving early: only hosts, and people a host already
    // admitted to this hearing (a reconnect), go straight in.
    const admitted = host || p.admittedAt !== null;
    if (!admitted && s.locked) {
      await audit.recordAlone(this.db, {
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
    if (s.state === 'scheduled') await record.openLobby(this.db, s.id, { user, participant: p, endpoint });

    // NOTE: the router is made before the peer is registered: if no worker is available (one is
    // restarting) the join fails cleanly and the client's retry finds no half-joined leftover.
    const mediaRoom = admitted ? await mediaCall(() => this.media.ensureRoom(s.id, { recording: recordingPolicyFor(s.type) })) : null;
    const previous = this.presence.get(sessionId, p.id);
    // NOTE: another login or device taking over the detainee's kiosk is written into the record and shown to the host.
    if (previous && endpoint === 'kiosk' && previous.socketId !== socket.id && previous.user.id !== user.id)
      await record.kioskReplaced(this.db, s.id, { user, participant: p, endpoint }, previous.user);
    if (previous) this.evict(previous, previous.socketId === socket.id ? 'rejoined' : 'replaced');
    const view: PeerView = { peerId: p.id, displayName: p.displayName, sessionRole: p.sessionRole, endpoint };
    const peer: LivePeer = { view, identity, user, socketId: socket.id, joinedAt: Date.now(), admitted, host, room: null };
    this.presence.add(peer);
    try {
      await socket.join(channel.all(sessionId));
      if (host) await socket.join(channel.hosts(sessionId));
      if (mediaRoom) await this.enterMedia(socket, peer, mediaRoom);
      else await socket.join(channel.lobby(sessionId));
    } catch (err) {
      this.presence.remove(peer);
      throw err;
    }
    await telemetryJoin(this.db, sessionId, p.id, { endpoint, admitted });
    await recordPresence(this.db, user, identity, 'session.join', { admitted });
    logger.info({ sessionId, peerId: p.id, endpoint, admitted }, 'peer joined');
    return this.joinView(peer, await this.afterChange(sessionId));
  }

  /** Puts an admitted peer into the session's media room (made if it is gone). */
  async enterMedia(socket: Sock, peer: LivePeer, existing?: MediaRoom): Promise<MediaRoom> {
    const s = peer.identity.session;
    const room =
      existing && !existing.closed
        ? existing
        : await mediaCall(() => this.media.ensureRoom(s.id, { recording: recordingPolicyFor(s.type) }));
    this.#hookRoom(room);
    room.addPeer(peer.view.peerId);
    peer.room = room;
    await socket.join(channel.media(s.id));
    socket.to(channel.media(s.id)).emit('peer:joined', peer.view);
    return room;
  }

  leaveChannels(sock: Sock | undefined, sessionId: string): void {
    if (!sock) return;
    for (const c of [channel.media(sessionId), channel.all(sessionId), channel.lobby(sessionId), channel.hosts(sessionId)])
      void sock.leave(c);
  }

  // NOTE: the same participant joining again (a reload, a second device, a reconnect that beat
  // the old socket's timeout) replaces the old connection instead of leaving a ghost behind.
  evict(previous: LivePeer, reason: 'replaced' | 'removed' | 'rejoined'): void {
    const sessionId = previous.identity.session.id;
    this.presence.remove(previous);
    if (previous.room && !previous.room.closed) previous.room.removePeer(previous.view.peerId);
    const old = this.socketOf(previous.socketId);
    if (old && reason === 'replaced') old.emit('session:replaced', { sessionId });
    if (reason !== 'rejoined') this.leaveChannels(old, sessionId);
    if (previous.admitted) {
      this.#io
        .to(channel.media(sessionId))
        .emit('peer:left', { peerId: previous.view.peerId, reason: reason === 'rejoined' ? 'replaced' : reason });
    }
  }

  async leave(socketId: string, reason: 'left' | 'disconnected'): Promise<void> {
    const p = this.presence.ofSocket(socketId);
    if (!p) return;
    const sessionId = p.identity.session.id;
    if (!this.presence.remove(p)) return;
    if (p.room && !p.room.closed) p.room.removePeer(p.view.peerId);
    this.leaveChannels(this.socketOf(socketId), sessionId);
    if (p.admitted) this.#io.to(channel.media(sessionId)).emit('peer:left', { peerId: p.view.peerId, reason });
    if (this.presence.present(sessionId).size === 0) this.media.closeRoom(sessionId);
    const seconds = Math.round((Date.now() - p.joinedAt) / 1000);
    await telemetry(this.db, sessionId, p.view.peerId, 'leave', { reason, seconds });
    await recordPresence(this.db, p.user, p.identity, 'session.leave', { reason, seconds }).catch((err: unknown) =>
      logger.error({ err, sessionId }, 'could not audit leave'),
    );
    await this.afterChange(sessionId).catch((err: unknown) => logger.warn({ err, sessionId }, 'could not push state after leave'));
  }

  /** The session ended or was cancelled: tell everyone, drop every connection, close the router. */
  async #closeSession(sessionId: string, state: 'ended' | 'cancelled', reason: string): Promise<void> {
    this.#io.to(channel.all(sessionId)).emit('session:ended', { sessionId, state, reason });
    this.mutes.dropSession(sessionId);
    for (const p of this.presence.dropSession(sessionId)) {
      this.leaveChannels(this.socketOf(p.socketId), sessionId);
      const seconds = Math.round((Date.now() - p.joinedAt) / 1000);
      await telemetry(this.db, sessionId, p.view.peerId, 'leave', { reason: state });
      await recordPresence(this.db, p.user, p.identity, 'session.leave', { reason: state, seconds }).catch((err: unknown) =>
        logger.error({ err, sessionId }, 'could not audit leave'),
      );
    }
    this.media.closeRoom(sessionId);
  }

  #hookRoom(room: MediaRoom): void {
    if (this.#hookedRooms.has(room)) return;
    this.#hookedRooms.add(room);
    room.on('consumerclosed', ({ peerId, consumerId, producerId }) => {
      const peer = this.presence.get(room.id, peerId);
      if (peer) this.socketOf(peer.socketId)?.emit('consumer:closed', { consumerId, producerId });
    });
    room.on('transportstate', (e) => {
      void telemetry(this.db, room.id, e.peerId, `${e.kind}_${e.state}`, { direction: e.direction, transportId: e.transportId });
    });
    room.on('closed', ({ reason }) => {
      if (reason !== 'worker_died') return;
      // NOTE: the worker under this session died. Forget every admitted peer and tell the clients
      // to rejoin; they land on a router on a live worker, keep their identity and their admission.
      logger.warn({ sessionId: room.id }, 'media room lost with its worker; asking peers to rejoin');
      for (const p of this.presence.peers(room.id).filter((x) => x.admitted)) {
        this.presence.remove(p);
        const sock = this.socketOf(p.socketId);
        void telemetry(this.db, room.id, p.view.peerId, 'leave', { reason: 'media_reset' });
        sock?.emit('session:mediaReset', { sessionId: room.id, reason: 'media worker restarted' });
        this.leaveChannels(sock, room.id);
      }
    });
  }
}
