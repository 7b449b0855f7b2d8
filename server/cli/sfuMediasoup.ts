// Our media layer as one of the SFU benchmark's servers: one mediasoup worker behind the same
// MediaService the platform runs, signalled in-process (the benchmark measures forwarding, not
// socket.io). The headless clients speak SDP; mediasoup speaks parameters, so this file translates:
// the publisher's offer becomes produce() calls, each consumer becomes an m-line of an offer.
import { randomUUID } from 'node:crypto';
import sdpTransform from 'sdp-transform';
import { createMediaService, type MediaRoom, type MediaService } from '../../media';
import { config } from '../config';
import { dtlsOf, OPUS_PT, type Publisher, type Subscriber, VP8_PT } from './sfuClients';
import type { SfuServer } from './sfuServer';

const quiet = { info: () => undefined, warn: () => undefined, error: (o: object, m: string) => console.error(m, o) };

type Info = Awaited<ReturnType<MediaRoom['createTransport']>>;
type Codec = { mimeType: string; payloadType: number; clockRate: number; channels?: number };

/** The ICE and DTLS lines every m-line repeats (bundled on one transport). */
function transportLines(t: Info, setup: 'passive' | 'actpass'): string[] {
  const fp = t.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256');
  if (!fp) throw new Error('mediasoup offered no sha-256 fingerprint');
  return [
    `a=ice-ufrag:${t.iceParameters.usernameFragment}`,
    `a=ice-pwd:${t.iceParameters.password}`,
    `a=fingerprint:sha-256 ${fp.value}`,
    `a=setup:${setup}`,
    ...t.iceCandidates
      .filter((c) => c.protocol === 'udp')
      .map((c) => `a=candidate:${c.foundation} 1 udp ${c.priority} ${c.ip} ${c.port} typ host`),
    'a=end-of-candidates',
  ];
}

const rtpmap = (c: Codec) => `a=rtpmap:${c.payloadType} ${c.mimeType.split('/')[1]}/${c.clockRate}${c.channels ? `/${c.channels}` : ''}`;

function sdp(mids: string[], media: string[][]): string {
  const head = ['v=0', `o=- ${Date.now()} 2 IN IP4 127.0.0.1`, 's=-', 't=0 0', 'a=ice-lite', `a=group:BUNDLE ${mids.join(' ')}`];
  return `${[...head, ...media.flat()].join('\r\n')}\r\n`;
}

export class MediasoupServer implements SfuServer {
  readonly name = 'mediasoup';
  readonly #media: MediaService;
  #rooms = 0;

  private constructor(media: MediaService) {
    this.#media = media;
  }

  static async start(): Promise<MediasoupServer> {
    const media = await createMediaService({
      ...config.media,
      listenIp: '127.0.0.1',
      announcedIp: undefined,
      announcedIps: undefined,
      numWorkers: 1,
      rtcBasePort: 21000 + 2 * Math.floor(Math.random() * 4000),
      logger: quiet,
    });
    return new MediasoupServer(media);
  }

  get pid(): number {
    const [pid] = this.#media.workerPids();
    if (pid === undefined) throw new Error('the media worker is not running');
    return pid;
  }

  async createRoom(): Promise<string> {
    this.#rooms += 1;
    const id = `bench-${this.#rooms}-${randomUUID()}`;
    await this.#media.ensureRoom(id, { recording: 'optional' });
    return id;
  }

  #room(id: string): MediaRoom {
    const room = this.#media.getRoom(id);
    if (!room) throw new Error(`room ${id} is gone`);
    return room;
  }

  /** Returns the publisher's feed id (its peer id). */
  async publish(roomId: string, pub: Publisher): Promise<string> {
    const room = this.#room(roomId);
    const peer = `pub-${randomUUID()}`;
    room.addPeer(peer);
    const t = await room.createTransport(peer, 'send');
    const offer = await pub.offer();
    await room.connectTransport(peer, t.id, dtlsOf(offer));
    const video: Codec = { mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000 };
    const audio: Codec = { mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2 };
    const rtcp = { cname: peer, reducedSize: true };
    await room.produce(peer, t.id, 'video', { mid: '0', codecs: [video], encodings: [{ ssrc: pub.ssrc.video }], rtcp }, 'camera');
    await room.produce(peer, t.id, 'audio', { mid: '1', codecs: [audio], encodings: [{ ssrc: pub.ssrc.audio }], rtcp }, 'microphone');
    const line = (kind: string, c: Codec, mid: string) => [
      `m=${kind} 7 UDP/TLS/RTP/SAVPF ${c.payloadType}`,
      'c=IN IP4 127.0.0.1',
      `a=mid:${mid}`,
      'a=recvonly',
      'a=rtcp-mux',
      rtpmap(c),
      ...transportLines(t, 'passive'),
    ];
    pub.answer(sdp(['0', '1'], [line('video', video, '0'), line('audio', audio, '1')]));
    return peer;
  }

  /** Subscribes to every stream of the given feeds; returns the number of tracks. */
  async subscribe(roomId: string, sub: Subscriber, feeds: string[]): Promise<number> {
    const room = this.#room(roomId);
    const peer = `sub-${randomUUID()}`;
    room.addPeer(peer);
    // NOTE: codecs only (no RTX, feedback or header extensions): the headless client has no NACK
    // or congestion control, and both servers get the same plain streams.
    const codecs = room.rtpCapabilities.codecs?.filter((c) => !c.mimeType.endsWith('/rtx')).map((c) => ({ ...c, rtcpFeedback: [] }));
    room.setCapabilities(peer, { codecs, headerExtensions: [] });
    const t = await room.createTransport(peer, 'recv');
    const consumers = [];
    for (const p of room.listProducers().filter((p) => feeds.includes(p.peerId)))
      consumers.push(await room.consume(peer, t.id, p.producerId));
    const media = consumers.map((c) => {
      const codec = c.rtpParameters.codecs[0] as Codec;
      const ssrc = c.rtpParameters.encodings?.[0]?.ssrc;
      return [
        `m=${c.kind} 7 UDP/TLS/RTP/SAVPF ${codec.payloadType}`,
        'c=IN IP4 127.0.0.1',
        `a=mid:${c.rtpParameters.mid}`,
        'a=sendonly',
        'a=rtcp-mux',
        rtpmap(codec),
        `a=ssrc:${ssrc} cname:sfu`,
        ...transportLines(t, 'actpass'),
      ];
    });
    const answer = await sub.answerTo(
      sdp(
        consumers.map((c) => c.rtpParameters.mid ?? ''),
        media,
      ),
    );
    if (!sdpTransform.parse(answer).media.every((m) => (m.setup ?? sdpTransform.parse(answer).setup) === 'active'))
      throw new Error('the subscriber did not take the DTLS client role');
    await room.connectTransport(peer, t.id, dtlsOf(answer));
    await sub.open(consumers.length);
    for (const c of consumers) await room.resumeConsumer(peer, c.id);
    return consumers.length;
  }

  async close(): Promise<void> {
    this.#media.close();
  }
}
