// Debian's Janus (VideoRoom plugin) as the SFU benchmark's reference server, started from a config
// this file writes: only the VideoRoom plugin and the HTTP transport, bound to loopback, ICE Lite
// like mediasoup, no session timeout. Signalled over its HTTP API (long-polled events).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Publisher, Subscriber } from './sfuClients';
import type { SfuServer } from './sfuServer';

const LIB = '/usr/lib/x86_64-linux-gnu/janus';
type Reply = { janus: string; transaction?: string; sender?: number; data?: { id: number }; error?: { reason: string } } & {
  plugindata?: { data: Record<string, unknown> & { error?: string } };
  jsep?: { type: string; sdp: string };
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

function writeConfig(dir: string, port: number, rtpBase: number): void {
  const others = fs
    .readdirSync(path.join(LIB, 'plugins'))
    .filter((f) => f.endsWith('.so') && f !== 'libjanus_videoroom.so')
    .join(',');
  const transports = ['websockets', 'mqtt', 'nanomsg', 'pfunix', 'rabbitmq'].map((t) => `libjanus_${t}.so`).join(',');
  fs.writeFileSync(
    path.join(dir, 'janus.jcfg'),
    `general: {
  configs_folder = "${dir}"
  plugins_folder = "${LIB}/plugins"
  transports_folder = "${LIB}/transports"
  events_folder = "${LIB}/events"
  loggers_folder = "${LIB}/loggers"
  debug_level = 2
  session_timeout = 0
}
media: { rtp_port_range = "${rtpBase}-${rtpBase + 1999}" }
nat: {
  ice_lite = true
  ice_enforce_list = "lo"
  ignore_mdns = true
}
plugins: { disable = "${others}" }
transports: { disable = "${transports}" }
events: { broadcast = false }
`,
  );
  fs.writeFileSync(
    path.join(dir, 'janus.transport.http.jcfg'),
    `general: { json = "plain"\n base_path = "/janus"\n http = true\n port = ${port}\n ip = "127.0.0.1"\n https = false }\nadmin: { admin_http = false }\n`,
  );
  fs.writeFileSync(path.join(dir, 'janus.plugin.videoroom.jcfg'), 'general: { }\n');
}

export class JanusServer implements SfuServer {
  readonly name = 'janus';
  readonly #proc: ChildProcess;
  readonly #url: string;
  #session = 0;
  #polling = false;
  readonly #waiting = new Map<string, (r: Reply) => void>();
  #room = 1000;

  private constructor(proc: ChildProcess, url: string) {
    this.#proc = proc;
    this.#url = url;
  }

  /** Starts janus (on `cpus` via taskset when given) and opens an API session. */
  static async start(dir: string, cpus?: string): Promise<JanusServer> {
    const port = await freePort();
    writeConfig(dir, port, 40000 + 2000 * Math.floor(Math.random() * 10));
    const args = ['-C', path.join(dir, 'janus.jcfg'), '-F', dir, '-L', path.join(dir, 'janus.log'), '-N'];
    const proc = cpus ? spawn('taskset', ['-c', cpus, 'janus', ...args], { stdio: 'ignore' }) : spawn('janus', args, { stdio: 'ignore' });
    const server = new JanusServer(proc, `http://127.0.0.1:${port}/janus`);
    const until = Date.now() + 15_000;
    for (;;) {
      try {
        const r = await server.#post('', { janus: 'create' });
        server.#session = (r.data as { id: number }).id;
        break;
      } catch (err) {
        if (Date.now() > until || proc.exitCode !== null) throw new Error(`janus did not start (see ${dir}/janus.log): ${String(err)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    server.#poll();
    return server;
  }

  get pid(): number {
    if (this.#proc.pid === undefined) throw new Error('janus is not running');
    return this.#proc.pid;
  }

  async #post(where: string, body: object): Promise<Reply> {
    const res = await fetch(`${this.#url}${where}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ transaction: randomUUID(), ...body }),
    });
    const r = (await res.json()) as Reply;
    if (r.janus === 'error') throw new Error(`janus: ${r.error?.reason ?? 'error'}`);
    return r;
  }

  #poll(): void {
    this.#polling = true;
    const loop = async () => {
      while (this.#polling) {
        try {
          const res = await fetch(`${this.#url}/${this.#session}?maxev=20`);
          const body = (await res.json()) as Reply | Reply[];
          for (const ev of Array.isArray(body) ? body : [body]) {
            if (ev.transaction && ev.janus === 'event') this.#waiting.get(ev.transaction)?.(ev);
          }
        } catch {
          if (this.#polling) await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    void loop();
  }

  /** Sends a plugin message and waits for its asynchronous event. */
  async #ask(handle: number, body: object, jsep?: { type: string; sdp: string }): Promise<Reply> {
    const transaction = randomUUID();
    const event = new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`janus did not answer ${JSON.stringify(body)}`)), 15_000);
      this.#waiting.set(transaction, (r) => {
        clearTimeout(timer);
        this.#waiting.delete(transaction);
        resolve(r);
      });
    });
    await this.#post(`/${this.#session}/${handle}`, { janus: 'message', transaction, body, ...(jsep ? { jsep } : {}) });
    const r = await event;
    const error = r.plugindata?.data.error;
    if (error) throw new Error(`janus videoroom: ${error}`);
    return r;
  }

  async #attach(): Promise<number> {
    const r = await this.#post(`/${this.#session}`, { janus: 'attach', plugin: 'janus.plugin.videoroom' });
    return (r.data as { id: number }).id;
  }

  async createRoom(): Promise<string> {
    const handle = await this.#attach();
    this.#room += 1;
    const room = this.#room;
    const r = await this.#post(`/${this.#session}/${handle}`, {
      janus: 'message',
      body: { request: 'create', room, publishers: 100, bitrate: 0, audiocodec: 'opus', videocodec: 'vp8', permanent: false },
    });
    if (r.plugindata?.data.videoroom !== 'created') throw new Error(`janus did not create room ${room}`);
    return String(room);
  }

  async publish(roomId: string, pub: Publisher): Promise<string> {
    const handle = await this.#attach();
    const joined = await this.#ask(handle, { request: 'join', ptype: 'publisher', room: Number(roomId) });
    const feed = String(joined.plugindata?.data.id);
    const r = await this.#ask(handle, { request: 'publish', audio: true, video: true }, { type: 'offer', sdp: await pub.offer() });
    if (!r.jsep) throw new Error('janus sent no answer to the publisher');
    pub.answer(r.jsep.sdp);
    return feed;
  }

  async subscribe(roomId: string, sub: Subscriber, feeds: string[]): Promise<number> {
    const handle = await this.#attach();
    const r = await this.#ask(handle, {
      request: 'join',
      ptype: 'subscriber',
      room: Number(roomId),
      streams: feeds.map((f) => ({ feed: Number(f) })),
    });
    if (!r.jsep) throw new Error('janus sent no offer to the subscriber');
    const tracks = (r.jsep.sdp.match(/^m=/gm) ?? []).length;
    const answer = await sub.answerTo(r.jsep.sdp);
    await this.#ask(handle, { request: 'start' }, { type: 'answer', sdp: answer });
    await sub.open(tracks);
    return tracks;
  }

  async close(): Promise<void> {
    this.#polling = false;
    this.#proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    if (this.#proc.exitCode === null) this.#proc.kill('SIGKILL');
  }
}
