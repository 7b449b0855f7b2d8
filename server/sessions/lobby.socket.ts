// Joining and the lobby: join, leave, the room's state; the host admits, denies, sends back to the
// lobby, removes, mutes (in the SFU, whatever the client does) and locks. Every act is written by
// sessions.record.ts (rights, session event and audit entry) before the room is told.
import type { MediaRoom } from '../../media';
import { Forbidden, NotFound } from '../errors';
import type { RoomStateView } from '../realtime/events';
import { route } from '../realtime/router';
import type { LivePeer } from './presence';
import * as record from './sessions.record';
import { mediaCall } from './sessions.media';
import { telemetry } from './sessions.telemetry';
import { actorOf, channel, type Conn, type SessionRoutes } from './signaling.conn';
import * as S from './signaling.schema';

/** Host-only acts are refused before anything is looked up (the record layer checks again). */
function hostOnly(p: LivePeer, what: string): void {
  if (!p.host) throw Forbidden(`only a host may ${what}`);
}

async function admit(c: Conn, host: LivePeer, participantId: string): Promise<RoomStateView> {
  const hub = c.hub;
  const sessionId = host.identity.session.id;
  hostOnly(host, 'admit participants');
  const target = hub.presence.get(sessionId, participantId);
  if (!target || target.admitted) throw NotFound('waiting participant', participantId);
  await record.admit(hub.db, sessionId, actorOf(host), participantId);
  target.admitted = true;
  const sock = hub.socketOf(target.socketId);
  let room: MediaRoom | null = null;
  if (sock) {
    await sock.leave(channel.lobby(sessionId));
    room = await hub.enterMedia(sock, target);
  }
  void telemetry(hub.db, sessionId, participantId, 'admitted', { by: host.view.peerId });
  const state = await hub.afterChange(sessionId);
  if (sock && room) sock.emit('lobby:admitted', hub.joinView(target, state));
  return state;
}

async function deny(c: Conn, host: LivePeer, participantId: string, reason: string): Promise<RoomStateView> {
  const hub = c.hub;
  const sessionId = host.identity.session.id;
  await record.deny(hub.db, sessionId, actorOf(host), participantId, reason);
  const target = hub.presence.get(sessionId, participantId);
  if (target && !target.admitted) {
    hub.presence.remove(target);
    const sock = hub.socketOf(target.socketId);
    sock?.emit('lobby:denied', { reason });
    hub.leaveChannels(sock, sessionId);
    void telemetry(hub.db, sessionId, participantId, 'leave', { reason: 'denied' });
  }
  return hub.afterChange(sessionId);
}

async function sendBack(c: Conn, host: LivePeer, participantId: string): Promise<RoomStateView> {
  const hub = c.hub;
  const sessionId = host.identity.session.id;
  await record.sendToLobby(hub.db, sessionId, actorOf(host), participantId);
  const target = hub.presence.get(sessionId, participantId);
  if (target?.admitted) {
    target.admitted = false;
    if (target.room && !target.room.closed) target.room.removePeer(participantId);
    target.room = null;
    const sock = hub.socketOf(target.socketId);
    if (sock) {
      await sock.leave(channel.media(sessionId));
      await sock.join(channel.lobby(sessionId));
      sock.emit('lobby:returned', { sessionId });
    }
    hub.to(channel.media(sessionId)).emit('peer:left', { peerId: participantId, reason: 'lobby' });
    void telemetry(hub.db, sessionId, participantId, 'returned_to_lobby', { by: host.view.peerId });
  }
  return hub.afterChange(sessionId);
}

async function remove(c: Conn, host: LivePeer, participantId: string, reason: string): Promise<RoomStateView> {
  const hub = c.hub;
  const sessionId = host.identity.session.id;
  await record.removeFromSession(hub.db, sessionId, actorOf(host), participantId, reason);
  const target = hub.presence.get(sessionId, participantId);
  if (target) {
    hub.evict(target, 'removed');
    hub.socketOf(target.socketId)?.emit('session:removed', { sessionId, reason });
    void telemetry(hub.db, sessionId, participantId, 'leave', { reason: 'removed' });
  }
  return hub.afterChange(sessionId);
}

/** Server-side mute: the participant's producers are paused in the SFU, whatever their client does. */
async function mute(c: Conn, host: LivePeer, participantId: string, source: 'microphone' | 'camera'): Promise<void> {
  const hub = c.hub;
  const sessionId = host.identity.session.id;
  await record.muteRecorded(hub.db, sessionId, actorOf(host), participantId, source);
  hub.mutes.add(sessionId, participantId, source, host.view.displayName);
  const target = hub.presence.get(sessionId, participantId);
  const room = target?.room;
  if (!target || !room) return;
  for (const p of room.listProducers().filter((x) => x.peerId === participantId && x.source === source)) {
    await mediaCall(() => room.setProducerPaused(participantId, p.producerId, true));
    hub.to(channel.media(sessionId)).emit('producer:paused', { producerId: p.producerId, peerId: participantId, paused: true });
  }
  hub.socketOf(target.socketId)?.emit('host:muted', { source, by: host.view.displayName });
}

/** A host lifts a mute: the participant may unmute again (the host never turns anyone's microphone on). */
async function allow(c: Conn, host: LivePeer, participantId: string, source: 'microphone' | 'camera'): Promise<void> {
  const hub = c.hub;
  const sessionId = host.identity.session.id;
  await record.unmuteRecorded(hub.db, sessionId, actorOf(host), participantId, source);
  hub.mutes.remove(sessionId, participantId, source);
  const target = hub.presence.get(sessionId, participantId);
  if (target) hub.socketOf(target.socketId)?.emit('host:unmuted', { source, by: host.view.displayName });
}

export const lobbyRoutes: SessionRoutes = {
  'session:join': route('session:join', {
    schema: S.JoinInput,
    run: (i, c: Conn) => c.hub.join(c.socket, c.user, i.sessionId, i.endpoint),
  }),
  'session:leave': route('session:leave', {
    schema: S.LeaveInput,
    run: async (_i, c: Conn) => {
      await c.hub.leave(c.socket.id, 'left');
      return {};
    },
  }),
  'session:state': route('session:state', { schema: S.EmptyInput, run: (_i, c: Conn) => c.hub.state(c.joined().identity.session.id) }),
  'lobby:admit': route('lobby:admit', { schema: S.ParticipantInput, run: (i, c: Conn) => admit(c, c.joined(), i.participantId) }),
  'lobby:admitAll': route('lobby:admitAll', {
    schema: S.EmptyInput,
    run: async (_i, c: Conn) => {
      const host = c.joined();
      hostOnly(host, 'admit participants');
      for (const w of c.hub.presence.waiting(host.identity.session.id)) await admit(c, host, w.view.peerId);
      return c.hub.state(host.identity.session.id);
    },
  }),
  'lobby:deny': route('lobby:deny', {
    schema: S.DenyInput,
    run: (i, c: Conn) => deny(c, c.joined(), i.participantId, i.reason ?? '主持人未准许进入'),
  }),
  'lobby:return': route('lobby:return', { schema: S.ParticipantInput, run: (i, c: Conn) => sendBack(c, c.joined(), i.participantId) }),
  'host:mute': route('host:mute', {
    schema: S.MuteInput,
    run: async (i, c: Conn) => {
      await mute(c, c.joined(), i.participantId, i.source ?? 'microphone');
      return {};
    },
  }),
  'host:unmute': route('host:unmute', {
    schema: S.MuteInput,
    run: async (i, c: Conn) => {
      await allow(c, c.joined(), i.participantId, i.source ?? 'microphone');
      return {};
    },
  }),
  'host:remove': route('host:remove', { schema: S.RemoveInput, run: (i, c: Conn) => remove(c, c.joined(), i.participantId, i.reason) }),
  'host:spotlight': route('host:spotlight', {
    schema: S.SpotlightInput,
    run: async (i, c: Conn) => {
      const p = c.joined();
      await record.setSpotlight(c.hub.db, p.identity.session.id, actorOf(p), i.participantId);
      return c.hub.afterChange(p.identity.session.id);
    },
  }),
  'host:lock': route('host:lock', {
    schema: S.LockInput,
    run: async (i, c: Conn) => {
      const p = c.joined();
      await record.setLocked(c.hub.db, p.identity.session.id, actorOf(p), i.locked);
      return c.hub.afterChange(p.identity.session.id);
    },
  }),
};
