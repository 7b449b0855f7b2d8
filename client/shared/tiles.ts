// A tile per remote participant: video, audio and a label with role and name.
import type { PeerView } from '../../server/realtime/events';
import type { MediaSessionEvents, RemoteTrack } from '../core/MediaSession';
import { h } from './dom';
import { t } from './i18n';
import { notePeers, watchFirstFrame } from './testHooks';

type Tile = { el: HTMLElement; video: HTMLVideoElement; audio: HTMLAudioElement; badge: HTMLElement; tracks: Map<string, RemoteTrack> };

export class Tiles {
  readonly el: HTMLElement;
  readonly #tiles = new Map<string, Tile>();
  readonly #byProducer = new Map<string, { peerId: string; kind: string }>();
  readonly #empty: HTMLElement;

  constructor(emptyText: string) {
    this.#empty = h('p', { class: 'empty' }, emptyText);
    this.el = h('div', { class: 'tiles', 'data-testid': 'tiles' }, this.#empty);
  }

  setPeers(peers: PeerView[]): void {
    const ids = new Set(peers.map((p) => p.peerId));
    for (const [id, tile] of this.#tiles) if (!ids.has(id)) { tile.el.remove(); this.#tiles.delete(id); }
    for (const p of peers) this.#tile(p);
    this.#empty.hidden = this.#tiles.size > 0;
  }

  addTrack(tr: RemoteTrack): void {
    const tile = this.#tiles.get(tr.peerId);
    if (!tile) return;
    tile.tracks.set(tr.consumerId, tr);
    this.#byProducer.set(tr.producerId, { peerId: tr.peerId, kind: tr.kind });
    const el = tr.kind === 'video' ? tile.video : tile.audio;
    el.srcObject = new MediaStream([tr.track]);
    if (tr.kind === 'video') watchFirstFrame(tile.video, tr.peerId);
    void el.play().catch(() => undefined);
  }

  removeTrack(consumerId: string): void {
    for (const tile of this.#tiles.values()) tile.tracks.delete(consumerId);
  }

  setRemotePaused(producerId: string, paused: boolean): void {
    const p = this.#byProducer.get(producerId);
    const tile = p && this.#tiles.get(p.peerId);
    if (!tile || !p) return;
    tile.el.classList.toggle(p.kind === 'audio' ? 'is-muted' : 'is-camera-off', paused);
    tile.badge.textContent = [tile.el.classList.contains('is-muted') ? t('muted') : '', tile.el.classList.contains('is-camera-off') ? t('cameraIsOff') : '']
      .filter(Boolean).join(' · ');
  }

  #tile(p: PeerView): Tile {
    const existing = this.#tiles.get(p.peerId);
    if (existing) return existing;
    const video = h('video', { autoplay: true, playsinline: true, muted: true });
    const audio = h('audio', { autoplay: true });
    const badge = h('span', { class: 'badge' });
    const el = h('figure', { class: `tile role-${p.sessionRole}`, 'data-peer-id': p.peerId, 'data-role': p.sessionRole },
      video, audio, h('figcaption', {}, h('b', {}, t(`role.${p.sessionRole}`)), ` ${p.displayName}`, badge));
    const tile: Tile = { el, video, audio, badge, tracks: new Map() };
    this.#tiles.set(p.peerId, tile);
    this.el.append(el);
    return tile;
  }
}

/** The media-session events that keep a set of tiles (and the test probe) up to date. */
export const tileEvents = (tiles: Tiles): Pick<MediaSessionEvents, 'peers' | 'trackadded' | 'trackremoved' | 'remotepaused'> => ({
  peers: (peers) => { tiles.setPeers(peers); notePeers(peers.map((p) => p.peerId)); },
  trackadded: (tr) => tiles.addTrack(tr),
  trackremoved: (id) => tiles.removeTrack(id),
  remotepaused: (pid, paused) => tiles.setRemotePaused(pid, paused),
});
