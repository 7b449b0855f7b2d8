// Loopback UDP ports for recorders: ffmpeg listens on an RTP port and the next one for RTCP.
import dgram from 'node:dgram';
import fs from 'node:fs';

const tryBind = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/** Pairs handed out in this process and not yet released: two recorders never get the same one. */
const reserved = new Set<number>();

/**
 * An even port p with p and p+1 free on 127.0.0.1, from [min, max), reserved until `release(p)`.
 * The default range lies above Linux's ephemeral ports (32768-60999) and the media workers' RTC
 * ranges, so nothing else takes it between this check and ffmpeg binding it.
 */
export async function freePortPair(min = 61000, max = 64998): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const p = min + 2 * Math.floor(Math.random() * ((max - min) / 2));
    if (reserved.has(p)) continue;
    reserved.add(p);
    if ((await tryBind(p)) && (await tryBind(p + 1))) return p;
    reserved.delete(p);
  }
  throw new Error('no free UDP port pair for a recorder');
}

/** The pair may be handed out again (its recorder has exited). */
export const releasePortPair = (p: number): void => {
  reserved.delete(p);
};

/** Whether a UDP socket is bound to 127.0.0.1:`port` or *:`port`, read from /proc/net/udp without touching the port. */
function isBound(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const table = fs.readFileSync('/proc/net/udp', 'utf8');
  return table.split('\n').some((line) => {
    const local = line.trim().split(/\s+/)[1];
    return local === `0100007F:${hex}` || local === `00000000:${hex}`;
  });
}

/**
 * Resolves once something (ffmpeg) has bound the port; rejects after `timeoutMs`; stops polling when `gaveUp()`.
 * NOTE: it looks, never binds: a probe that bound the port for a moment could make ffmpeg's own bind fail.
 */
export async function waitUntilBound(port: number, timeoutMs = 5000, gaveUp: () => boolean = () => false): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !gaveUp()) {
    if (isBound(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing listens on udp ${port} after ${timeoutMs} ms`);
}
