// One participant's media in one session: device, send/recv transports, local producers, remote
// consumers, and recovery (ICE restart first, full rejoin if that fails or the server asks).
import { Device } from 'mediasoup-client';
import type { types as mc } from 'mediasoup-client';
import type { Endpoint, JoinView, MediaSource, PeerView, ProducerView, RoomStateView } from '../../server/realtime/events';
import type { Signaling } from './signaling';

export type ConnectionState =
  | 'connecting'
  | 'lobby'
  | 'connected'
  | 'reconnecting'
  | 'failed'
  | 'replaced'
  | 'left'
  | 'denied'
  | 'removed'
  | 'ended';

/** States after which nothing reconnects. */
const FINAL: readonly ConnectionState[] = ['left', 'replaced', 'denied', 'removed', 'ended'];

export type RemoteTrack = {
  peerId: string;
  consumerId: string;
  producerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  track: MediaStreamTrack;
};

export type MediaSessionEvents = {
  state(s: ConnectionState, detail?: string): void;
  self(p: PeerView): void;
  peers(peers: PeerView[]): void;
  trackadded(t: RemoteTrack): void;
  trackremoved(consumerId: string): void;
  remotepaused(producerId: string, paused: boolean): void;
  /** The join answer (grants, host flag), on every (re)join and admission. */
  joined(view: JoinView): void;
  /** The session's procedural state. */
  room(state: RoomStateView): void;
  /** Hosts: who waits in the lobby. */
  lobby(waiting: PeerView[]): void;
  /** A host muted us server-side. */
  hostmuted(source: 'microphone' | 'camera', by: string): void;
  hostunmuted(source: 'microphone' | 'camera', by: string): void;
};

const ICE_RESTART_GRACE_MS = 8000;
/** How long a merely 'disconnected' transport may heal by itself before ICE is restarted. */
const ICE_DISCONNECTED_WAIT_MS = 5000;

export class MediaSession {
  readonly #sig: Signaling;
  readonly #sessionId: string;
  readonly #endpoint: Endpoint;
  readonly #on: Partial<MediaSessionEvents>;
  #device?: Device;
  #send?: mc.Transport;
  #recv?: mc.Transport;
  readonly #producers = new Map<MediaSource, mc.Producer>();
  readonly #consumers = new Map<string, mc.Consumer>();
  readonly #peers = new Map<string, PeerView>();
  readonly #pending: ProducerView[] = [];
  readonly #consuming = new Set<string>();
  #local?: MediaStream;
  #state: ConnectionState = 'connecting';
  #joining?: Promise<void>;
  #rejoinTimer?: ReturnType<typeof setTimeout>;
  #iceTimer?: ReturnType<typeof setTimeout>;
  #generation = 0;
  readonly #muted = { microphone: false, camera: false };

  constructor(sig: Signaling, sessionId: string, endpoint: Endpoint, on: Partial<MediaSessionEvents>) {
    this.#sig = sig;
    this.#sessionId = sessionId;
    this.#endpoint = endpoint;
    this.#on = on;
    const s = sig.socket;
    s.on('peer:joined', (p) => {
      this.#peers.set(p.peerId, p);
      this.#emitPeers();
    });
    s.on('peer:left', ({ peerId }) => {
      this.#peers.delete(peerId);
      for (const [id, c] of this.#consumers) if (c.appData.peerId === peerId) this.#dropConsumer(id);
      this.#emitPeers();
    });
    s.on('producer:new', (p) => void this.#consume(p, this.#generation).catch((e: unknown) => console.warn('consume failed', e)));
    s.on('producer:closed', ({ producerId }) => {
      const i = this.#pending.findIndex((x) => x.producerId === producerId);
      if (i >= 0) this.#pending.splice(i, 1);
      for (const [id, c] of this.#consumers) if (c.producerId === producerId) this.#dropConsumer(id);
    });
    s.on('producer:paused', ({ producerId, paused }) => this.#on.remotepaused?.(producerId, paused));
    s.on('consumer:closed', ({ consumerId }) => this.#dropConsumer(consumerId));
    s.on('session:mediaReset', () => this.#scheduleRejoin('media server restarted', 0));
    s.on('session:replaced', () => {
      this.#teardown();
      this.#setState('replaced');
    });
    s.on('session:updated', (st) => this.#on.room?.(st));
    s.on('lobby:changed', ({ waiting }) => this.#on.lobby?.(waiting));
    s.on('lobby:admitted', (view) => {
      void this.#startMedia(view, this.#generation).catch((e: unknown) =>
        this.#scheduleRejoin(`admission failed: ${(e as Error).message}`, 1000),
      );
    });
    s.on('lobby:returned', () => {
      this.#teardown();
      this.#peers.clear();
      this.#emitPeers();
      this.#setState('lobby');
    });
    s.on('lobby:denied', ({ reason }) => this.#finish('denied', reason));
    s.on('session:removed', ({ reason }) => this.#finish('removed', reason));
    s.on('session:ended', ({ reason }) => this.#finish('ended', reason));
    s.on('host:muted', ({ source, by }) => {
      this.#muted[source] = true;
      this.#producers.get(source)?.pause();
      this.#on.hostmuted?.(source, by);
    });
    s.on('host:unmuted', ({ source, by }) => this.#on.hostunmuted?.(source, by));
    s.on('disconnect', () => {
      if (!FINAL.includes(this.#state)) this.#setState('reconnecting', 'signaling lost');
    });
    // NOTE: a new socket means the server already dropped our old peer; rejoin with the same identity.
    s.io.on('reconnect', () => this.#scheduleRejoin('signaling reconnected', 0));
  }

  get localStream(): MediaStream | undefined {
    return this.#local;
  }
  get state(): ConnectionState {
    return this.#state;
  }
  get muted(): { microphone: boolean; camera: boolean } {
    return { ...this.#muted };
  }
  get peers(): PeerView[] {
    return [...this.#peers.values()];
  }

  /** Joins, publishes camera and microphone, and consumes everyone already there. */
  async join(): Promise<void> {
    this.#joining ??= this.#doJoin().finally(() => {
      this.#joining = undefined;
    });
    return this.#joining;
  }

  async leave(): Promise<void> {
    this.#setState('left');
    clearTimeout(this.#rejoinTimer);
    await this.#sig.request('session:leave', {}).catch(() => undefined);
    this.#teardown();
    for (const t of this.#local?.getTracks() ?? []) t.stop();
  }

  /** Sends a presentation track (evidence image or screen) as its own producer, so the recording keeps it. */
  async present(source: 'evidence' | 'screen', track: MediaStreamTrack): Promise<void> {
    if (!this.#send) throw new Error('not connected');
    await this.stopPresenting(source);
    const p = await this.#send.produce({ track, appData: { source }, stopTracks: false });
    this.#producers.set(source, p);
    track.addEventListener('ended', () => void this.stopPresenting(source));
  }

  async stopPresenting(source: 'evidence' | 'screen'): Promise<void> {
    const p = this.#producers.get(source);
    if (!p) return;
    this.#producers.delete(source);
    p.close();
    await this.#sig.request('producer:close', { producerId: p.id }).catch(() => undefined);
  }

  isPresenting(source: 'evidence' | 'screen'): boolean {
    return this.#producers.has(source);
  }

  async setMuted(source: 'microphone' | 'camera', muted: boolean): Promise<void> {
    this.#muted[source] = muted;
    const p = this.#producers.get(source);
    if (!p) return;
    if (muted) p.pause();
    else p.resume();
    try {
      await this.#sig.request('producer:setPaused', { producerId: p.id, paused: muted });
    } catch (err) {
      // NOTE: the server refused (a host's mute stands): stay muted here too.
      this.#muted[source] = true;
      p.pause();
      throw err;
    }
  }

  /** Transport and inbound-rtp statistics, for the UI's connection panel and the demo report. */
  async stats(): Promise<{
    transport?: RTCStatsReport;
    inbound: { consumerId: string; peerId: string; kind: string; stats: Record<string, unknown> }[];
    /** The local candidate types (host, srflx, relay) of the ICE pairs media is received on. */
    routes: string[];
  }> {
    const inbound: { consumerId: string; peerId: string; kind: string; stats: Record<string, unknown> }[] = [];
    const routes = new Set<string>();
    for (const c of this.#consumers.values()) {
      const report = await c.getStats();
      report.forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp') inbound.push({ consumerId: c.id, peerId: String(c.appData.peerId), kind: c.kind, stats: s });
        if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated) {
          const local = report.get(String(s.localCandidateId)) as { candidateType?: string } | undefined;
          if (local?.candidateType) routes.add(local.candidateType);
        }
      });
    }
    return { inbound, routes: [...routes] };
  }

  async #doJoin(): Promise<void> {
    const gen = ++this.#generation;
    this.#teardown();
    this.#setState(this.#state === 'connecting' ? 'connecting' : 'reconnecting');
    const join: JoinView = await this.#sig.request('session:join', { sessionId: this.#sessionId, endpoint: this.#endpoint });
    this.#on.self?.(join.self);
    this.#on.joined?.(join);
    this.#on.room?.(join.room);
    // NOTE: waiting in the lobby: media starts when a host admits us ('lobby:admitted').
    if (!join.admitted) {
      this.#setState('lobby');
      return;
    }
    await this.#startMedia(join, gen);
  }

  async #startMedia(join: JoinView, gen: number): Promise<void> {
    if (gen !== this.#generation || FINAL.includes(this.#state)) return;
    this.#teardown();
    this.#on.joined?.(join);
    this.#on.room?.(join.room);
    this.#peers.clear();
    for (const p of join.peers) this.#peers.set(p.peerId, p);
    this.#emitPeers();
    const device = new Device();
    await device.load({ routerRtpCapabilities: join.routerRtpCapabilities as unknown as mc.RtpCapabilities });
    this.#device = device;
    await this.#sig.request('session:capabilities', { rtpCapabilities: device.rtpCapabilities as unknown as Record<string, unknown> });
    this.#recv = await this.#createTransport('recv', gen);
    this.#send = join.grants.publish.length ? await this.#createTransport('send', gen).catch(() => undefined) : undefined;
    if (this.#send) await this.#publish(this.#send);
    for (const p of join.producers) await this.#consume(p, gen).catch((e: unknown) => console.warn('consume failed', e));
    for (const p of this.#pending.splice(0)) await this.#consume(p, gen).catch((e: unknown) => console.warn('consume failed', e));
    if (gen === this.#generation && !FINAL.includes(this.#state)) this.#setState('connected');
  }

  #finish(state: ConnectionState, reason: string): void {
    clearTimeout(this.#rejoinTimer);
    this.#generation += 1;
    this.#teardown();
    for (const t of this.#local?.getTracks() ?? []) t.stop();
    this.#setState(state, reason);
  }

  async #createTransport(direction: 'send' | 'recv', gen: number): Promise<mc.Transport> {
    const device = this.#device as Device;
    const info = await this.#sig.request('transport:create', { direction });
    const opts = info as unknown as mc.TransportOptions;
    const t = direction === 'send' ? device.createSendTransport(opts) : device.createRecvTransport(opts);
    t.on('connect', ({ dtlsParameters }, ok, fail) => {
      this.#sig
        .request('transport:connect', { transportId: t.id, dtlsParameters: dtlsParameters as unknown as Record<string, unknown> })
        .then(() => ok(), fail);
    });
    if (direction === 'send') {
      t.on('produce', ({ kind, rtpParameters, appData }, ok, fail) => {
        this.#sig
          .request('producer:create', {
            transportId: t.id,
            kind,
            rtpParameters: rtpParameters as unknown as Record<string, unknown>,
            source: appData.source as MediaSource,
          })
          .then(({ producerId }) => ok({ id: producerId }), fail);
      });
    }
    t.on('connectionstatechange', (s) => this.#onTransportState(t, s, gen));
    return t;
  }

  // NOTE: 'failed' restarts ICE on the same transport at once; 'disconnected' first gets 5 s to heal
  // by itself (the old pair answers again when the network is back, while a restart asked for during
  // an outage waits in the signaling connection's TCP backoff and renegotiates after media could
  // already flow). Not recovered within the grace period: rejoin from scratch, keeping our identity.
  #onTransportState(t: mc.Transport, s: string, gen: number): void {
    if (gen !== this.#generation || FINAL.includes(this.#state) || this.#state === 'lobby') return;
    if (s === 'connected' && this.#state === 'reconnecting') this.#setState('connected');
    if (s !== 'disconnected' && s !== 'failed') return;
    this.#setState('reconnecting', `ICE ${s}`);
    const restart = () => {
      if (t.closed || t.connectionState === 'connected' || gen !== this.#generation) return;
      this.#sig
        .request('transport:restartIce', { transportId: t.id })
        .then(({ iceParameters }) => t.restartIce({ iceParameters: iceParameters as unknown as mc.IceParameters }))
        .catch(() => this.#scheduleRejoin('ICE restart refused', 0));
    };
    clearTimeout(this.#iceTimer);
    if (s === 'failed') restart();
    else this.#iceTimer = setTimeout(restart, ICE_DISCONNECTED_WAIT_MS);
    this.#scheduleRejoin('ICE did not recover', ICE_RESTART_GRACE_MS, t);
  }

  #scheduleRejoin(reason: string, delayMs: number, watch?: mc.Transport): void {
    if (FINAL.includes(this.#state)) return;
    clearTimeout(this.#rejoinTimer);
    this.#rejoinTimer = setTimeout(() => {
      if (watch && watch.connectionState === 'connected') return;
      this.#setState('reconnecting', reason);
      this.join().catch((e: unknown) => {
        this.#setState('reconnecting', `rejoin failed: ${(e as Error).message}`);
        this.#scheduleRejoin(reason, 2000);
      });
    }, delayMs);
  }

  async #publish(send: mc.Transport): Promise<void> {
    this.#local ??= await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 25 } },
    });
    const audio = this.#local.getAudioTracks()[0];
    const video = this.#local.getVideoTracks()[0];
    if (audio)
      this.#producers.set('microphone', await send.produce({ track: audio, appData: { source: 'microphone' }, stopTracks: false }));
    if (video) this.#producers.set('camera', await send.produce({ track: video, appData: { source: 'camera' }, stopTracks: false }));
    for (const source of ['microphone', 'camera'] as const) if (this.#muted[source]) await this.setMuted(source, true);
  }

  async #consume(p: ProducerView, gen: number): Promise<void> {
    const recv = this.#recv;
    if (gen !== this.#generation) return;
    // NOTE: a producer announced while our transports are still being set up (right after a join
    // or an admission) is kept and consumed once the receive transport exists.
    if (!recv) {
      this.#pending.push(p);
      return;
    }
    if (this.#consuming.has(p.producerId) || [...this.#consumers.values()].some((c) => c.producerId === p.producerId)) return;
    this.#consuming.add(p.producerId);
    try {
      await this.#consumeNow(recv, p, gen);
    } finally {
      this.#consuming.delete(p.producerId);
    }
  }

  async #consumeNow(recv: mc.Transport, p: ProducerView, gen: number): Promise<void> {
    const c = await this.#sig.request('consumer:create', { transportId: recv.id, producerId: p.producerId });
    if (gen !== this.#generation) return;
    const consumer = await recv.consume({
      id: c.id,
      producerId: c.producerId,
      kind: c.kind,
      rtpParameters: c.rtpParameters as unknown as mc.RtpParameters,
      appData: { peerId: c.peerId, source: c.source },
    });
    this.#consumers.set(consumer.id, consumer);
    this.#on.trackadded?.({
      peerId: c.peerId,
      consumerId: consumer.id,
      producerId: c.producerId,
      kind: c.kind,
      source: c.source,
      track: consumer.track,
    });
    await this.#sig.request('consumer:resume', { consumerId: consumer.id });
    if (p.paused) this.#on.remotepaused?.(p.producerId, true);
  }

  #dropConsumer(consumerId: string): void {
    const c = this.#consumers.get(consumerId);
    if (!c) return;
    c.close();
    this.#consumers.delete(consumerId);
    this.#on.trackremoved?.(consumerId);
  }

  #teardown(): void {
    this.#pending.length = 0;
    for (const id of [...this.#consumers.keys()]) this.#dropConsumer(id);
    for (const p of this.#producers.values()) p.close();
    this.#producers.clear();
    this.#send?.close();
    this.#recv?.close();
    this.#send = undefined;
    this.#recv = undefined;
  }

  #emitPeers(): void {
    this.#on.peers?.([...this.#peers.values()]);
  }

  #setState(s: ConnectionState, detail?: string): void {
    if (this.#state === s && !detail) return;
    this.#state = s;
    this.#on.state?.(s, detail);
  }
}
