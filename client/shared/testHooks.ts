// Measurements the demo and the e2e tests read from the page (window.__hearing). They describe
// what the browser really decoded, never what the app believes it sent.
import type { MediaSession } from '../core/MediaSession';

export type HearingProbe = {
  state: string;
  joinStartedAt: number;
  /** performance.now() of the first decoded frame, per remote peer. */
  firstFrameAt: Record<string, number>;
  /** performance.now() when each remote peer became known: join start for those already there. */
  peerKnownAt: Record<string, number>;
  peers: string[];
  inbound(): Promise<{ peerId: string; kind: string; framesDecoded: number; bytesReceived: number; frameWidth: number }[]>;
  /** Local ICE candidate types media arrives on (relay when it goes through TURN). */
  routes(): Promise<string[]>;
};

declare global {
  interface Window {
    __hearing?: HearingProbe;
  }
}

export function installProbe(ms: MediaSession): HearingProbe {
  const probe: HearingProbe = {
    state: ms.state,
    joinStartedAt: performance.now(),
    firstFrameAt: {},
    peerKnownAt: {},
    peers: [],
    async inbound() {
      const s = await ms.stats();
      return s.inbound.map((i) => ({
        peerId: i.peerId,
        kind: i.kind,
        framesDecoded: Number(i.stats.framesDecoded ?? 0),
        bytesReceived: Number(i.stats.bytesReceived ?? 0),
        frameWidth: Number(i.stats.frameWidth ?? 0),
      }));
    },
    async routes() {
      return (await ms.stats()).routes;
    },
  };
  window.__hearing = probe;
  return probe;
}

/** Records when a remote video element shows its first frame. */
export function watchFirstFrame(video: HTMLVideoElement, peerId: string): void {
  const mark = () => {
    const p = window.__hearing;
    if (p && p.firstFrameAt[peerId] === undefined) p.firstFrameAt[peerId] = performance.now();
  };
  // NOTE: requestVideoFrameCallback fires when a frame is actually presented, not merely received.
  video.requestVideoFrameCallback(() => mark());
}

/** Notes the time each peer first appears (join start for the peers present when we joined). */
export function notePeers(peerIds: string[]): void {
  const p = window.__hearing;
  if (!p) return;
  for (const id of peerIds) {
    if (p.peerKnownAt[id] === undefined) p.peerKnownAt[id] = p.state === 'connecting' ? p.joinStartedAt : performance.now();
  }
  p.peers = peerIds;
}
