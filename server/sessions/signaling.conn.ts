// What every socket route sees of a connection (Conn), the socket.io rooms of a session, and the
// typed server and socket.
import type { Server } from 'socket.io';
import type { MediaRoom } from '../../media';
import type { AuthUser } from '../auth';
import type { ServerToClientEvents } from '../realtime/events';
import type { IncomingEvents, Routes, TypedSocket } from '../realtime/router';
import type { LivePeer } from './presence';
import type { Actor } from './sessions.record';
import type { Session } from './sessions.types';
import type { Signaling } from './signaling';

export type Sock = TypedSocket<AuthUser>;

export type Io = Server<IncomingEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;

export type InMedia = LivePeer & { room: MediaRoom };

/** The socket.io rooms a session's connections are in. */
export const channel = {
  media: (id: string) => `session:${id}`,
  all: (id: string) => `all:${id}`,
  lobby: (id: string) => `lobby:${id}`,
  hosts: (id: string) => `hosts:${id}`,
};

/** One connection, as every route sees it. */
export type Conn = {
  socket: Sock;
  user: AuthUser;
  hub: Signaling;
  /** The joined participant (in the lobby or admitted); throws not_joined. */
  joined(): LivePeer;
  /** The admitted participant with its media room; throws in_lobby / not_joined. */
  inMedia(): InMedia;
  /** The admitted participant as the record's actor, with its session. */
  admitted(): { actor: Actor; session: Session };
};

/** Routes that other domains add to every connection. */
export type SessionRoutes = Partial<Routes<Conn>>;

export const actorOf = (p: LivePeer): Actor => ({ user: p.user, participant: p.identity.participant, endpoint: p.identity.endpoint });
