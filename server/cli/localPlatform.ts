// A throwaway platform for `hearing demo` and benchmarks: its own embedded Postgres in a temp
// folder, an ephemeral HTTP port and its own RTC ports, so it never collides with `hearing start`.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { config } from '../config';
import type { SmsGateway } from '../notifications';
import { type Platform, startPlatform } from '../platform';
import { loadAgencySigner } from '../security/agencySigning';
import { loadPdfSigner } from '../transcripts';

/** `recordings`: where a private platform writes its recordings (and the public key that checks them). */
export type Target = { url: string; close(): Promise<void>; recordings?: { root: string; publicKeyFile: string } };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A private platform in a temp folder (seeded with the demo data), with the key file that checks its recordings. */
export type PrivatePlatform = { platform: Platform; publicKeyFile: string; close(): Promise<void> };

/** Uses `url` when given; otherwise starts a private platform (texting through `sms`, if given) and removes it on close. */
export async function openTarget(url: string | undefined, o: { sms?: SmsGateway } = {}): Promise<Target> {
  if (url) return { url: url.replace(/\/$/, ''), close: async () => undefined };
  const p = await startPrivatePlatform(o);
  return {
    url: p.platform.url,
    recordings: { root: p.platform.recordings.root, publicKeyFile: p.publicKeyFile },
    close: p.close,
  };
}

/**
 * Starts a private platform: its own embedded Postgres, ports and folders; everything is removed on
 * close. `sms`: the gateway its notification outbox sends through (none: notices stay in the platform).
 */
export async function startPrivatePlatform(o: { sms?: SmsGateway } = {}): Promise<PrivatePlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearing-demo-pg-'));
  fs.chmodSync(dataDir, 0o755);
  let lastErr: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const platform = await startPlatform({
        embedded: { dataDir: path.join(dataDir, 'pg'), port: await freePort() },
        http: { host: '127.0.0.1', port: 0 },
        auth: { ...config.auth, secureCookies: false },
        media: { ...config.media, rtcBasePort: 20000 + 2 * Math.floor(Math.random() * 10000) },
        seedDemo: true,
        ...(o.sms ? { notifications: { gateway: o.sms, intervalMs: 250, maxBackoffMs: 2000 } } : {}),
        clientDir: path.join(config.projectRoot, 'dist', 'client'),
        sensitiveKey: randomBytes(32),
        recording: { ...config.recording, root: path.join(dataDir, 'recordings') },
        signer: loadAgencySigner(path.join(dataDir, 'keys', 'agency-signing.pem'), { create: true }),
        transcripts: {
          root: path.join(dataDir, 'transcripts'),
          fontFile: config.transcripts.fontFile,
          pdfSigner: loadPdfSigner(path.join(dataDir, 'keys', 'agency-pdf.p12'), undefined, config.security.agencyName, true),
        },
        dossiers: { ...config.dossiers, root: path.join(dataDir, 'dossiers'), agencyCode: undefined, peers: [] },
      });
      return {
        platform,
        publicKeyFile: path.join(dataDir, 'keys', 'agency-signing.pub.pem'),
        close: async () => {
          await platform.close();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      lastErr = err;
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  throw lastErr;
}
