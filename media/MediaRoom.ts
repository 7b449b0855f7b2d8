// One router per live session, and the transports, producers and consumers of its peers.
import type { types as ms } from 'mediasoup';
import { TypedEmitter } from './events';
import type { WorkerSlot } from './workers';
import type {
  ConsumerInfo,
  MediaLogger,
  MediaSource,
  RecordingPolicy,
  ProducerInfo,
  RoomCloseReason,
  TransportDirection,
  TransportInfo,
} from './types';

// NOTE: a browser's encoder ignores a key-frame request that comes within 300 ms of the last one it
// honoured (libwebrtc's EncoderRtcpFeedback), and mediasoup then holds every further request for
// its 1 s retry timer. A newcomer whose first key frame was lost (its transport became usable just
// after it) asked again within those 300 ms and saw its first frame about 1 s late. Requests within
// this delay of the previous one are merged and sent when it ends, after the browser's throttle.
const KEY_FRAME_REQUEST_DELAY_MS = 350;

type Peer = {
  id: string;
  rtpCapabilities?: ms.RtpCapabilities;
  transports: Map<string, ms.WebRtcTransport>;
  producers: Map<string, ms.Producer>;
  consumers: Map<string, ms.Consumer>;
};

export type MediaRoomEvents = {
  /** The router is gone (worker death or close()); every peer must rejoin or leave. */
  closed: [{ reason: RoomCloseReason }];
  /** A consumer closed because its producer went away; tell the consuming peer. */
  consumerclosed: [{ peerId: string; consumerId: string; producerId: string }];
  /** A transport's ICE or DTLS state changed; used for connection telemetry. */
  transportstate: [{ peerId: string; transportId: string; direction: TransportDirection; kind: 'ice' | 'dtls'; state: string }];
  /** A producer appeared (from a browser or an outside RTP source); the recorder subscribes to this. */
  producercreated: [ProducerInfo];
};

export class MediaError extends Error {
  override readonly name = 'MediaError';
  constructor(
    readonly reason:
      | 'unknown_peer'
      | 'unknown_transport'
      | 'unknown_producer'
      | 'unknown_consumer'
      | 'cannot_consume'
      | 'no_capabilities'
      | 'room_closed'
      | 'recording_forbidden'
      | 'producer_exists',
    message: string,
  ) {
    super(message);
  }
}

/** One producer's RTP flowing to a local recorder. */
export type RecordingTap = {
  kind: ms.MediaKind;
  codec: { mimeType: string; payloadType: number; clockRate: number; channels?: number };
  /** Resumes the consumer (and asks for a key frame) once the recorder is listening. */
  start(): Promise<void>;
  requestKeyFrame(): Promise<void>;
  /** Whether the producer is paused (muted or camera off): no media is expected while it is. */
  producerPaused(): boolean;
  /** RTP packets the SFU has sent to the recorder so far (its own count, whatever the recorder's state). */
  packetsSent(): Promise<number>;
  /** Called once when the producer or the tap goes away. */
  onEnd(f: () => void): void;
  close(): void;
};

export class MediaRoom extends TypedEmitter<MediaRoomEvents> {
  readonly id: string;
  readonly #router: ms.Router;
  readonly #slot: WorkerSlot;
  readonly #peers = new Map<string, Peer>();
  readonly #logger: MediaLogger;
  #closed = false;
  #closeReason: RoomCloseReason | null = null;

  /** The law for this session's recording: the recorder must refuse a 'forbidden' room. */
  readonly recording: RecordingPolicy;

  constructor(id: string, router: ms.Router, slot: WorkerSlot, logger: MediaLogger, recording: RecordingPolicy) {
    super((event, err) => logger.error({ err, event, roomId: id }, 'media room listener threw'));
    this.id = id;
    this.#router = router;
    this.#slot = slot;
    this.#logger = logger;
    this.recording = recording;
    slot.rooms += 1;
    router.on('workerclose', () => this.#finish('worker_died'));
  }

  get closed(): boolean {
    return this.#closed;
  }
  /** Why the router closed (a worker death or close()); null while open. */
  get closeReason(): RoomCloseReason | null {
    return this.#closeReason;
  }

  /** Throws unless this room may be recorded (a lawyer meeting may never be). */
  assertRecordingAllowed(): void {
    if (this.recording === 'forbidden') throw new MediaError('recording_forbidden', `room ${this.id} must not be recorded`);
  }
  get workerIndex(): number {
    return this.#slot.index;
  }
  get rtpCapabilities(): ms.RtpCapabilities {
    return this.#router.rtpCapabilities;
  }

  peerIds(): string[] {
    return [...this.#peers.keys()];
  }

  addPeer(peerId: string): void {
    this.#assertOpen();
    if (this.#peers.has(peerId)) this.removePeer(peerId);
    this.#peers.set(peerId, { id: peerId, transports: new Map(), producers: new Map(), consumers: new Map() });
  }

  // NOTE: RTP capabilities, DTLS and RTP parameters arrive from clients as JSON whose outer shape
  // the server checked; mediasoup validates the inside (canConsume, connect, produce throw on bad ones).
  setCapabilities(peerId: string, caps: unknown): void {
    this.#peer(peerId).rtpCapabilities = caps as ms.RtpCapabilities;
  }

  /** Closes everything the peer had; their producers' consumers close and notify other peers. */
  removePeer(peerId: string): boolean {
    const peer = this.#peers.get(peerId);
    if (!peer) return false;
    this.#peers.delete(peerId);
    for (const t of peer.transports.values()) t.close();
    return true;
  }

  async createTransport(peerId: string, direction: TransportDirection): Promise<TransportInfo> {
    this.#assertOpen();
    const peer = this.#peer(peerId);
    const transport = await this.#router.createWebRtcTransport({
      webRtcServer: this.#slot.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      appData: { peerId, direction },
    });
    if (!this.#peers.has(peerId)) {
      transport.close();
      throw new MediaError('unknown_peer', `peer ${peerId} left`);
    }
    peer.transports.set(transport.id, transport);
    transport.on('icestatechange', (state) =>
      this.safeEmit('transportstate', { peerId, transportId: transport.id, direction, kind: 'ice', state }),
    );
    transport.on('dtlsstatechange', (state) => {
      this.safeEmit('transportstate', { peerId, transportId: transport.id, direction, kind: 'dtls', state });
      if (state === 'failed' || state === 'closed') this.#logger.warn({ roomId: this.id, peerId, state }, 'transport dtls ended');
    });
    transport.observer.on('close', () => peer.transports.delete(transport.id));
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  async connectTransport(peerId: string, transportId: string, dtlsParameters: unknown): Promise<void> {
    await this.#transport(peerId, transportId).connect({ dtlsParameters: dtlsParameters as ms.DtlsParameters });
  }

  async restartIce(peerId: string, transportId: string): Promise<ms.IceParameters> {
    return this.#transport(peerId, transportId).restartIce();
  }

  async produce(
    peerId: string,
    transportId: string,
    kind: ms.MediaKind,
    rtpParameters: unknown,
    source: MediaSource,
    o: { paused?: boolean } = {},
  ): Promise<ProducerInfo> {
    const peer = this.#peer(peerId);
    const transport = this.#transport(peerId, transportId);
    // NOTE: one producer per participant and source: recording follows one, so a second one would be
    // heard by others and not recorded. The client closes the old one before making another.
    for (const p of peer.producers.values()) {
      if (p.appData.source === source)
        throw new MediaError('producer_exists', `${source} is already sent (producer ${p.id}); close it first`);
    }
    const producer = await transport.produce({
      kind,
      rtpParameters: rtpParameters as ms.RtpParameters,
      appData: { peerId, source },
      paused: o.paused === true,
      ...(kind === 'video' ? { keyFrameRequestDelay: KEY_FRAME_REQUEST_DELAY_MS } : {}),
    });
    peer.producers.set(producer.id, producer);
    producer.observer.on('close', () => peer.producers.delete(producer.id));
    const info: ProducerInfo = { producerId: producer.id, peerId, kind, source, paused: producer.paused };
    this.safeEmit('producercreated', info);
    return info;
  }

  listProducers(exceptPeerId?: string): ProducerInfo[] {
    const out: ProducerInfo[] = [];
    for (const peer of this.#peers.values()) {
      if (peer.id === exceptPeerId) continue;
      for (const p of peer.producers.values()) {
        out.push({ producerId: p.id, peerId: peer.id, kind: p.kind, source: p.appData.source as MediaSource, paused: p.paused });
      }
    }
    return out;
  }

  producerOwner(producerId: string): string | undefined {
    for (const peer of this.#peers.values()) if (peer.producers.has(producerId)) return peer.id;
    return undefined;
  }

  async setProducerPaused(peerId: string, producerId: string, paused: boolean): Promise<void> {
    const p = this.#peer(peerId).producers.get(producerId);
    if (!p) throw new MediaError('unknown_producer', `producer ${producerId} is not yours`);
    if (paused) await p.pause();
    else await p.resume();
  }

  closeProducer(peerId: string, producerId: string): void {
    const p = this.#peer(peerId).producers.get(producerId);
    if (!p) throw new MediaError('unknown_producer', `producer ${producerId} is not yours`);
    p.close();
  }

  /** Creates a paused consumer; the client resumes it once its side is ready. */
  async consume(peerId: string, transportId: string, producerId: string): Promise<ConsumerInfo> {
    const peer = this.#peer(peerId);
    if (!peer.rtpCapabilities) throw new MediaError('no_capabilities', 'send session:capabilities before consuming');
    const ownerId = this.producerOwner(producerId);
    if (!ownerId) throw new MediaError('unknown_producer', `producer ${producerId} not found`);
    if (!this.#router.canConsume({ producerId, rtpCapabilities: peer.rtpCapabilities })) {
      throw new MediaError('cannot_consume', `your device cannot decode producer ${producerId}`);
    }
    const transport = this.#transport(peerId, transportId);
    const consumer = await transport.consume({ producerId, rtpCapabilities: peer.rtpCapabilities, paused: true });
    peer.consumers.set(consumer.id, consumer);
    consumer.observer.on('close', () => peer.consumers.delete(consumer.id));
    consumer.on('producerclose', () => {
      consumer.close();
      this.safeEmit('consumerclosed', { peerId, consumerId: consumer.id, producerId });
    });
    const ownerProducer = this.#peers.get(ownerId)?.producers.get(producerId);
    return {
      id: consumer.id,
      producerId,
      peerId: ownerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      source: (ownerProducer?.appData.source as MediaSource | undefined) ?? 'camera',
    };
  }

  /**
   * A recording tap: a PlainTransport sending one producer's RTP to a local recorder (ffmpeg) at
   * `port` (RTCP on `rtcpPort`). The consumer uses codec-only capabilities (no header extensions,
   * which ffmpeg misreads as packet loss) and starts paused: call start() once the recorder listens.
   */
  async createRecordingTap(producerId: string, target: { port: number; rtcpPort: number }): Promise<RecordingTap> {
    this.#assertOpen();
    this.assertRecordingAllowed();
    if (!this.producerOwner(producerId)) throw new MediaError('unknown_producer', `producer ${producerId} not found`);
    const transport = await this.#router.createPlainTransport({ listenIp: { ip: '127.0.0.1' }, rtcpMux: false, comedia: false });
    try {
      await transport.connect({ ip: '127.0.0.1', port: target.port, rtcpPort: target.rtcpPort });
      const rtpCapabilities: ms.RtpCapabilities = { codecs: this.#router.rtpCapabilities.codecs ?? [], headerExtensions: [] };
      const consumer = await transport.consume({ producerId, rtpCapabilities, paused: true });
      const codec = consumer.rtpParameters.codecs[0] as ms.RtpCodecParameters;
      const ended: (() => void)[] = [];
      const end = () => {
        for (const f of ended.splice(0)) f();
      };
      consumer.on('producerclose', () => {
        transport.close();
        end();
      });
      transport.observer.on('close', end);
      return {
        kind: consumer.kind,
        codec: {
          mimeType: codec.mimeType,
          payloadType: codec.payloadType,
          clockRate: codec.clockRate,
          ...(codec.channels ? { channels: codec.channels } : {}),
        },
        start: async () => {
          await consumer.resume();
          if (consumer.kind === 'video') await consumer.requestKeyFrame();
        },
        requestKeyFrame: async () => {
          if (consumer.kind === 'video' && !consumer.closed) await consumer.requestKeyFrame();
        },
        producerPaused: () => consumer.producerPaused,
        packetsSent: async () => {
          if (consumer.closed) return 0;
          const stats = await consumer.getStats();
          return stats.reduce((n, s) => n + (s.type === 'outbound-rtp' ? s.packetCount : 0), 0);
        },
        onEnd: (f) => {
          ended.push(f);
        },
        close: () => transport.close(),
      };
    } catch (err) {
      transport.close();
      throw err;
    }
  }

  /**
   * An RTP source outside the browser (a custody-room hardware camera, or ffmpeg in tests): a
   * PlainTransport that learns the sender's address from its first packet and produces for `peerId`.
   */
  async createRtpIngest(
    peerId: string,
    o: {
      kind: ms.MediaKind;
      source: MediaSource;
      mimeType: string;
      clockRate: number;
      channels?: number;
      payloadType: number;
      ssrc: number;
    },
  ): Promise<{ port: number; rtcpPort: number; producerId: string }> {
    this.#assertOpen();
    const peer = this.#peer(peerId);
    const transport = await this.#router.createPlainTransport({ listenIp: { ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
    peer.transports.set(transport.id, transport as unknown as ms.WebRtcTransport);
    transport.observer.on('close', () => peer.transports.delete(transport.id));
    const producer = await transport.produce({
      kind: o.kind,
      appData: { peerId, source: o.source },
      rtpParameters: {
        codecs: [
          { mimeType: o.mimeType, payloadType: o.payloadType, clockRate: o.clockRate, ...(o.channels ? { channels: o.channels } : {}) },
        ],
        encodings: [{ ssrc: o.ssrc }],
      },
    });
    peer.producers.set(producer.id, producer);
    producer.observer.on('close', () => peer.producers.delete(producer.id));
    this.safeEmit('producercreated', { producerId: producer.id, peerId, kind: o.kind, source: o.source, paused: false });
    return {
      port: transport.tuple.localPort,
      rtcpPort: transport.rtcpTuple?.localPort ?? transport.tuple.localPort,
      producerId: producer.id,
    };
  }

  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    const c = this.#peer(peerId).consumers.get(consumerId);
    if (!c) throw new MediaError('unknown_consumer', `consumer ${consumerId} is not yours`);
    // NOTE: mediasoup asks the producer for a key frame itself when a consumer is resumed on a
    // connected transport, or when its transport connects; a second request here only fed the
    // browser's 300 ms key-frame throttle (see KEY_FRAME_REQUEST_DELAY_MS).
    await c.resume();
  }

  close(): void {
    if (this.#closed) return;
    this.#router.close();
    this.#finish('closed');
  }

  #finish(reason: RoomCloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeReason = reason;
    this.#slot.rooms -= 1;
    this.#peers.clear();
    this.safeEmit('closed', { reason });
  }

  #assertOpen(): void {
    if (this.#closed) throw new MediaError('room_closed', `media room ${this.id} is closed`);
  }

  #peer(peerId: string): Peer {
    this.#assertOpen();
    const p = this.#peers.get(peerId);
    if (!p) throw new MediaError('unknown_peer', `peer ${peerId} is not in media room ${this.id}`);
    return p;
  }

  #transport(peerId: string, transportId: string): ms.WebRtcTransport {
    const t = this.#peer(peerId).transports.get(transportId);
    if (!t) throw new MediaError('unknown_transport', `transport ${transportId} is not yours`);
    return t;
  }
}
