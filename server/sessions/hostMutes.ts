// Mutes a host imposed, per live session: while one stands, the participant's producer of that
// source stays paused in the SFU (a new one is created paused) and the participant's own unmute is
// refused; only a host lifts it (host:unmute), and then the participant unmutes when they choose.
import type { MediaSource } from '../vocabulary';

type Muted = Extract<MediaSource, 'microphone' | 'camera'>;

export class HostMutes {
  readonly #bySession = new Map<string, Map<string, string>>();

  /** Records that `by` (a host's name) muted the participant's source. */
  add(sessionId: string, participantId: string, source: Muted, by: string): void {
    const m = this.#bySession.get(sessionId) ?? new Map<string, string>();
    m.set(`${participantId}:${source}`, by);
    this.#bySession.set(sessionId, m);
  }

  /** Lifts a mute; false when there was none. */
  remove(sessionId: string, participantId: string, source: Muted): boolean {
    return this.#bySession.get(sessionId)?.delete(`${participantId}:${source}`) ?? false;
  }

  /** The host who muted this source, if a mute stands. */
  mutedBy(sessionId: string, participantId: string, source: MediaSource): string | undefined {
    return this.#bySession.get(sessionId)?.get(`${participantId}:${source}`);
  }

  /** The session ended: its mutes go with it. */
  dropSession(sessionId: string): void {
    this.#bySession.delete(sessionId);
  }
}
