// Who is connected to which live session right now, keyed by participant id so that one identity
// is never present twice (no ghost participants).
import type { AuthUser } from '../auth';
import type { PeerView } from '../realtime/events';
import type { JoinIdentity } from './sessions.types';

export type LivePeer = {
  view: PeerView;
  identity: JoinIdentity;
  user: AuthUser;
  socketId: string;
  joinedAt: number;
  /** False while waiting in the lobby. */
  admitted: boolean;
  host: boolean;
};

export class LiveRooms {
  readonly #rooms = new Map<string, Map<string, LivePeer>>();

  get(sessionId: string, peerId: string): LivePeer | undefined {
    return this.#rooms.get(sessionId)?.get(peerId);
  }

  add(sessionId: string, peer: LivePeer): void {
    let room = this.#rooms.get(sessionId);
    if (!room) {
      room = new Map();
      this.#rooms.set(sessionId, room);
    }
    room.set(peer.view.peerId, peer);
  }

  /** Removes the peer only if it is still held by that socket (a newer join may have replaced it). */
  remove(sessionId: string, peerId: string, socketId: string): LivePeer | undefined {
    const room = this.#rooms.get(sessionId);
    const peer = room?.get(peerId);
    if (!room || !peer || peer.socketId !== socketId) return undefined;
    room.delete(peerId);
    if (room.size === 0) this.#rooms.delete(sessionId);
    return peer;
  }

  peers(sessionId: string): LivePeer[] {
    return [...(this.#rooms.get(sessionId)?.values() ?? [])];
  }

  /** Participant ids admitted and connected. */
  present(sessionId: string): Set<string> {
    return new Set(
      this.peers(sessionId)
        .filter((p) => p.admitted)
        .map((p) => p.view.peerId),
    );
  }

  waiting(sessionId: string): LivePeer[] {
    return this.peers(sessionId).filter((p) => !p.admitted);
  }

  dropSession(sessionId: string): LivePeer[] {
    const peers = this.peers(sessionId);
    this.#rooms.delete(sessionId);
    return peers;
  }
}
