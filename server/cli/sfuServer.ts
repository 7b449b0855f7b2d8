// What the SFU benchmark needs from a server under test: rooms, a publisher's offer answered, a
// subscriber's offer made for some feeds, and the process whose CPU is measured.
import type { Publisher, Subscriber } from './sfuClients';

export interface SfuServer {
  readonly name: string;
  /** The process that forwards media (mediasoup's worker, the janus process). */
  readonly pid: number;
  createRoom(): Promise<string>;
  /** Connects a publisher's two tracks; returns its feed id. */
  publish(roomId: string, pub: Publisher): Promise<string>;
  /** Connects a subscriber to every track of the feeds; returns the number of tracks. */
  subscribe(roomId: string, sub: Subscriber, feeds: string[]): Promise<number>;
  close(): Promise<void>;
}
