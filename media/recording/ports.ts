// Loopback UDP ports for recorders: ffmpeg listens on an RTP port and the next one for RTCP.
import dgram from 'node:dgram';

const tryBind = (port: number): Promise<boolean> => new Promise((resolve) => {
  const s = dgram.createSocket('udp4');
  s.once('error', () => { s.close(); resolve(false); });
  s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
});

/**
 * An even port p with p and p+1 free on 127.0.0.1, from [min, max). The default range lies above
 * Linux's ephemeral ports (32768-60999) and the media workers' RTC ranges, so nothing else takes it
 * between this check and ffmpeg binding it.
 */
export async function freePortPair(min = 61000, max = 64998): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const p = min + 2 * Math.floor(Math.random() * ((max - min) / 2));
    if ((await tryBind(p)) && (await tryBind(p + 1))) return p;
  }
  throw new Error('no free UDP port pair for a recorder');
}

/** Resolves once something (ffmpeg) has bound the port; rejects after `timeoutMs`; stops polling when `gaveUp()`. */
export async function waitUntilBound(port: number, timeoutMs = 5000, gaveUp: () => boolean = () => false): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !gaveUp()) {
    if (!(await tryBind(port))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing listens on udp ${port} after ${timeoutMs} ms`);
}
