// `npm run bench:sfu`: our media layer (one mediasoup worker) against a reference SFU (Debian's
// Janus VideoRoom) on the same machine, the same clients and the same streams. Rooms of P
// publishers (a VP8 camera at 600 kbit/s and an Opus microphone, replayed from a clip encoded once)
// and S subscribers who each receive every publisher are added level by level until the server
// passes 85 % of its core, loss passes 2 %, the clients' own core passes 90 % (beyond that the
// clients are measured, not the server), a level cannot be set up or the maximum is reached.
// The server is pinned to core 0 and the clients (node-datachannel, in this process) to core 1, so
// each figure is the server's own CPU. Each level prints the server's share of its core, packets
// forwarded per second, CPU microseconds per forwarded packet, loss and p95 interarrival jitter.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sleep } from './browser';
import { cpuOf } from './procStat';
import { captureClip, cleanupClients, Publisher, Subscriber, tally } from './sfuClients';
import { JanusServer } from './sfuJanus';
import { MediasoupServer } from './sfuMediasoup';
import type { SfuServer } from './sfuServer';

export type BenchSfuOptions = { publishers: number; subscribers: number; start: number; step: number; max: number; seconds: number };

type Level = {
  server: string;
  rooms: number;
  consumers: number;
  serverCpu: number;
  clientCpu: number;
  packetsPerSecond: number;
  cpuMicrosPerPacket: number;
  loss: number;
  jitterP95Ms: number;
};

const CPU_LIMIT = 0.85;
const LOSS_LIMIT = 0.02;
/** Past this the clients, not the server, are what is measured. */
const CLIENT_LIMIT = 0.9;

/** Pins every thread of a process to one core (taskset -a); a no-op where taskset is missing. */
function pin(pid: number, core: number): void {
  try {
    execFileSync('taskset', ['-apc', String(core), String(pid)], { stdio: 'ignore' });
  } catch {
    console.warn(`bench:sfu  could not pin ${pid} to core ${core}; figures include scheduling noise`);
  }
}

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] as number) : 0;
};

type Room = { pubs: Publisher[]; subs: Subscriber[] };

/** One room: P publishers connected and replaying, S subscribers receiving all of them. */
async function addRoom(server: SfuServer, o: BenchSfuOptions, clip: Awaited<ReturnType<typeof captureClip>>, n: number): Promise<Room> {
  const roomId = await server.createRoom();
  const room: Room = { pubs: [], subs: [] };
  const feeds: string[] = [];
  for (let i = 0; i < o.publishers; i++) {
    const base = (n * 100 + i) * 2 + 1000;
    const pub = new Publisher(`${server.name}-r${n}-p${i}`, { video: base, audio: base + 1 });
    room.pubs.push(pub);
    feeds.push(await server.publish(roomId, pub));
    await pub.open();
    pub.start(clip);
  }
  for (let i = 0; i < o.subscribers; i++) {
    const sub = new Subscriber(`${server.name}-r${n}-s${i}`);
    room.subs.push(sub);
    const tracks = await server.subscribe(roomId, sub, feeds);
    if (tracks !== 2 * o.publishers) throw new Error(`a subscriber got ${tracks} of ${2 * o.publishers} tracks`);
  }
  return room;
}

/** Ramps one server; returns its levels and why it stopped. */
async function ramp(
  server: SfuServer,
  o: BenchSfuOptions,
  clip: Awaited<ReturnType<typeof captureClip>>,
): Promise<{ levels: Level[]; reason: string }> {
  pin(server.pid, 0);
  const rooms: Room[] = [];
  const levels: Level[] = [];
  let reason = `the maximum of ${o.max} rooms`;
  try {
    for (let target = o.start; target <= o.max; target += o.step) {
      try {
        while (rooms.length < target) rooms.push(await addRoom(server, o, clip, rooms.length));
      } catch (err) {
        reason = `${target} rooms, which could not be set up: ${(err as Error).message}`;
        break;
      }
      // The new streams settle, then every counter starts from zero for the window.
      await sleep(2000);
      const subs = rooms.flatMap((r) => r.subs);
      for (const s of subs) {
        s.counting = false;
        s.streams.clear();
        s.counting = true;
      }
      const s0 = cpuOf(server.pid);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await sleep(o.seconds * 1000);
      const wall = (performance.now() - t0) / 1000;
      const serverSeconds = cpuOf(server.pid) - s0;
      const c = process.cpuUsage(c0);
      for (const s of subs) s.counting = false;
      const t = tally(subs);
      const level: Level = {
        server: server.name,
        rooms: rooms.length,
        consumers: rooms.length * o.subscribers * o.publishers * 2,
        serverCpu: serverSeconds / wall,
        clientCpu: (c.user + c.system) / 1e6 / wall,
        packetsPerSecond: t.packets / wall,
        cpuMicrosPerPacket: t.packets ? (serverSeconds * 1e6) / t.packets : 0,
        loss: t.expected ? Math.max(0, 1 - t.packets / t.expected) : 1,
        jitterP95Ms: p95(t.jitterMs),
      };
      levels.push(level);
      console.log(
        `bench:sfu  ${level.server.padEnd(9)} ${level.rooms} rooms (${level.consumers} consumers): server ${(level.serverCpu * 100).toFixed(0)} % of a core, ` +
          `${level.packetsPerSecond.toFixed(0)} packets/s forwarded, ${level.cpuMicrosPerPacket.toFixed(1)} µs CPU per packet, ` +
          `loss ${(level.loss * 100).toFixed(2)} %, p95 jitter ${level.jitterP95Ms.toFixed(1)} ms (clients ${(level.clientCpu * 100).toFixed(0)} % of core 1)`,
      );
      if (level.serverCpu > CPU_LIMIT) reason = `the server passed ${CPU_LIMIT * 100} % of its core`;
      else if (level.loss > LOSS_LIMIT) reason = `loss passed ${LOSS_LIMIT * 100} %`;
      else if (level.clientCpu > CLIENT_LIMIT) reason = `the clients' core passed ${CLIENT_LIMIT * 100} % (the server had room left)`;
      else continue;
      break;
    }
  } finally {
    for (const r of rooms) for (const p of [...r.pubs, ...r.subs]) p.close();
    // NOTE: libdatachannel closes its peers on its own threads; cleaning up before they finish crashed the process.
    await sleep(2000);
  }
  return { levels, reason };
}

export async function runBenchSfu(o: BenchSfuOptions): Promise<number> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sfu-'));
  // NOTE: the clients run in this process: core 1, away from the server under test on core 0.
  pin(process.pid, 1);
  const all: Level[] = [];
  const stops = new Map<string, string>();
  try {
    const clip = await captureClip(scratch);
    console.log(
      `bench:sfu  rooms of ${o.publishers} publishers (VP8 600 kbit/s + Opus) and ${o.subscribers} subscribers receiving all of them; ` +
        `${o.seconds} s per level, server on core 0, clients on core 1 (${os.cpus().length} cores here)`,
    );
    const starters: [string, () => Promise<SfuServer>][] = [
      ['mediasoup', () => MediasoupServer.start()],
      ['janus', () => JanusServer.start(fs.mkdtempSync(path.join(scratch, 'janus-')), '0')],
    ];
    for (const [name, start] of starters) {
      let server: SfuServer;
      try {
        server = await start();
      } catch (err) {
        stops.set(name, `it did not start: ${(err as Error).message}`);
        console.log(`bench:sfu  ${name} did not start: ${(err as Error).message}`);
        continue;
      }
      try {
        const { levels, reason } = await ramp(server, o, clip);
        all.push(...levels);
        stops.set(name, reason);
      } finally {
        await server.close();
      }
    }
    const ok = (l: Level) => l.serverCpu <= CPU_LIMIT && l.loss <= LOSS_LIMIT;
    for (const [name, reason] of stops) {
      const best = all.filter((l) => l.server === name && ok(l)).pop();
      console.log(
        `bench:sfu  ${name.padEnd(9)} reached ${best?.rooms ?? 0} rooms (${best?.consumers ?? 0} consumers) within limits; stopped at ${reason}`,
      );
    }
    for (const ours of all.filter((l) => l.server === 'mediasoup')) {
      const ref = all.find((l) => l.server === 'janus' && l.rooms === ours.rooms);
      if (!ref?.cpuMicrosPerPacket) continue;
      console.log(
        `bench:sfu  ${ours.rooms} rooms: mediasoup spends ${(ours.cpuMicrosPerPacket / ref.cpuMicrosPerPacket).toFixed(2)}× Janus's CPU per forwarded packet ` +
          `(${ours.cpuMicrosPerPacket.toFixed(1)} vs ${ref.cpuMicrosPerPacket.toFixed(1)} µs)`,
      );
    }
    const csv = ['server,rooms,consumers,server_cpu,client_cpu,packets_per_second,cpu_us_per_packet,loss,jitter_p95_ms'].concat(
      all.map((l) =>
        [l.server, l.rooms, l.consumers, l.serverCpu, l.clientCpu, l.packetsPerSecond, l.cpuMicrosPerPacket, l.loss, l.jitterP95Ms].join(
          ',',
        ),
      ),
    );
    fs.mkdirSync('artifacts', { recursive: true });
    fs.writeFileSync(path.join('artifacts', 'bench-sfu.csv'), `${csv.join('\n')}\n`);
    console.log('bench:sfu  raw figures in artifacts/bench-sfu.csv');
    return all.some((l) => l.server === 'mediasoup') ? 0 : 1;
  } finally {
    cleanupClients();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
