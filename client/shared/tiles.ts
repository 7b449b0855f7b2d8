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
  /** Evidence (示证) and shared screens are shown large, above the participants. */
  readonly stage: HTMLElement;
  readonly #stageVideo: HTMLVideoElement;
  readonly #stageLabel: HTMLElement;
  readonly #presentations = new Map<string, RemoteTrack>();

  constructor(emptyText: string) {
    this.#empty = h('p', { class: 'empty' }, emptyText);
    this.#stageVideo = h('video', { autoplay: true, playsinline: true, muted: true, 'data-testid': 'evidence-video' });
    this.#stageLabel = h('figcaption', {});
    this.stage = h('figure', { class: 'stage', 'data-testid': 'evidence-stage', hidden: true }, this.#stageVideo, this.#stageLabel);
    this.el = h('div', { class: 'tiles', 'data-testid': 'tiles' }, this.#empty);
  }

  #showStage(): void {
    const latest = [...this.#presentations.values()].pop();
    this.stage.hidden = !latest;
    if (!latest) {
      this.#stageVideo.srcObject = null;
      return;
    }
    const who = this.#tiles.get(latest.peerId)?.el.querySelector('figcaption')?.textContent ?? '';
    this.#stageLabel.textContent = `${t(latest.source === 'evidence' ? 'evidenceShown' : 'screenShown')} · ${who}`;
    this.stage.dataset.source = latest.source;
    this.#stageVideo.srcObject = new MediaStream([latest.track]);
    watchFirstFrame(this.#stageVideo, `${latest.peerId}:${latest.source}`);
    void this.#stageVideo.play().catch(() => undefined);
  }

  setPeers(peers: PeerView[]): void {
    const ids = new Set(peers.map((p) => p.peerId));
    for (const [id, tile] of this.#tiles)
      if (!ids.has(id)) {
        tile.el.remove();
        this.#tiles.delete(id);
      }
    for (const [cid, tr] of this.#presentations) if (!ids.has(tr.peerId)) this.#presentations.delete(cid);
    this.#showStage();
    for (const p of peers) this.#tile(p);
    this.#empty.hidden = this.#tiles.size > 0;
  }

  addTrack(tr: RemoteTrack): void {
    if (tr.source === 'evidence' || tr.source === 'screen') {
      this.#presentations.set(tr.consumerId, tr);
      this.#showStage();
      return;
    }
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
    if (this.#presentations.delete(consumerId)) this.#showStage();
    for (const tile of this.#tiles.values()) tile.tracks.delete(consumerId);
  }

  /** The participant a host put in everyone's main view (first and full width), or none. */
  setSpotlight(peerId: string | null): void {
    for (const [id, tile] of this.#tiles) {
      const on = id === peerId;
      tile.el.classList.toggle('is-spotlight', on);
      if (on && this.el.firstElementChild !== tile.el) this.el.prepend(tile.el);
    }
    this.el.dataset.spotlight = peerId ?? '';
  }

  setRemotePaused(producerId: string, paused: boolean): void {
    const p = this.#byProducer.get(producerId);
    const tile = p && this.#tiles.get(p.peerId);
    if (!tile || !p) return;
    tile.el.classList.toggle(p.kind === 'audio' ? 'is-muted' : 'is-camera-off', paused);
    tile.badge.textContent = [
      tile.el.classList.contains('is-muted') ? t('muted') : '',
      tile.el.classList.contains('is-camera-off') ? t('cameraIsOff') : '',
    ]
      .filter(Boolean)
      .join(' · ');
  }

  #tile(p: PeerView): Tile {
    const existing = this.#tiles.get(p.peerId);
    if (existing) return existing;
    const video = h('video', { autoplay: true, playsinline: true, muted: true });
    const audio = h('audio', { autoplay: true });
    const badge = h('span', { class: 'badge' });
    const el = h(
      'figure',
      { class: `tile role-${p.sessionRole}`, 'data-peer-id': p.peerId, 'data-role': p.sessionRole },
      video,
      audio,
      h('figcaption', {}, h('b', {}, t(`role.${p.sessionRole}`)), ` ${p.displayName}`, badge),
    );
    const tile: Tile = { el, video, audio, badge, tracks: new Map() };
    this.#tiles.set(p.peerId, tile);
    this.el.append(el);
    return tile;
  }
}

/** The media-session events that keep a set of tiles (and the test probe) up to date. */
export const tileEvents = (tiles: Tiles): Pick<MediaSessionEvents, 'peers' | 'trackadded' | 'trackremoved' | 'remotepaused'> => ({
  peers: (peers) => {
    tiles.setPeers(peers);
    notePeers(peers.map((p) => p.peerId));
  },
  trackadded: (tr) => tiles.addTrack(tr),
  trackremoved: (id) => tiles.removeTrack(id),
  remotepaused: (pid, paused) => tiles.setRemotePaused(pid, paused),
});
