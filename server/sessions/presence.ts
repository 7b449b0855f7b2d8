// Who is connected to which live session right now: one registry, keyed both by connection and
// by participant, so that one identity is never present twice (no ghost participants) and a
// connection always knows its peer and its media room (null while it waits in the lobby).
import type { MediaRoom } from '../../media';
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
  /** The media room once admitted; null in the lobby. */
  room: MediaRoom | null;
};

export class Presence {
  readonly #bySession = new Map<string, Map<string, LivePeer>>();
  readonly #bySocket = new Map<string, LivePeer>();

  /** The peer behind a connection, if it joined a session. */
  ofSocket(socketId: string): LivePeer | undefined {
    return this.#bySocket.get(socketId);
  }

  get(sessionId: string, peerId: string): LivePeer | undefined {
    return this.#bySession.get(sessionId)?.get(peerId);
  }

  add(peer: LivePeer): void {
    const sessionId = peer.identity.session.id;
    let peers = this.#bySession.get(sessionId);
    if (!peers) {
      peers = new Map();
      this.#bySession.set(sessionId, peers);
    }
    peers.set(peer.view.peerId, peer);
    this.#bySocket.set(peer.socketId, peer);
  }

  /** Removes the peer only if it is still held by that connection (a newer join may have replaced it). */
  remove(peer: LivePeer): boolean {
    const sessionId = peer.identity.session.id;
    if (this.#bySocket.get(peer.socketId) === peer) this.#bySocket.delete(peer.socketId);
    const peers = this.#bySession.get(sessionId);
    if (!peers || peers.get(peer.view.peerId) !== peer) return false;
    peers.delete(peer.view.peerId);
    if (peers.size === 0) this.#bySession.delete(sessionId);
    return true;
  }

  peers(sessionId: string): LivePeer[] {
    return [...(this.#bySession.get(sessionId)?.values() ?? [])];
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

  /** Every connection of every session (for draining at shutdown). */
  all(): LivePeer[] {
    return [...this.#bySocket.values()];
  }

  /** Forgets every peer of a session and returns them. */
  dropSession(sessionId: string): LivePeer[] {
    const peers = this.peers(sessionId);
    this.#bySession.delete(sessionId);
    for (const p of peers) if (this.#bySocket.get(p.socketId) === p) this.#bySocket.delete(p.socketId);
    return peers;
  }
}
