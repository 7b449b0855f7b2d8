// Peer agencies are configured, never discovered: a JSON file (PEERS_FILE) names each one's code,
// where to deliver to it, and the public key its packages and receipts must be signed with.
//   { "peers": [ { "code": "BTTL-PROC", "name": "包头铁路运输检察院", "kind": "procuratorate",
//                  "url": "https://jcy.example/", "publicKeyFile": "keys/BTTL-PROC.pub.pem" } ] }
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PEER_KINDS } from '../vocabulary';
import { keyIdOfPem } from '../security/agencySigning';
import type { Peer } from './dossiers.types';

const PeerEntry = z
  .object({
    code: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.-]+$/),
    name: z.string().min(1).max(200),
    kind: z.enum(PEER_KINDS),
    url: z.string().url(),
    publicKeyFile: z.string().min(1).optional(),
    publicKeyPem: z.string().min(1).optional(),
    maxPackageBytes: z.number().int().positive().optional(),
    maxConcurrent: z.number().int().min(1).max(16).optional(),
  })
  .strict()
  .refine((p) => Boolean(p.publicKeyFile) !== Boolean(p.publicKeyPem), 'give exactly one of publicKeyFile and publicKeyPem');
const PeersFile = z.object({ peers: z.array(PeerEntry).max(1000) }).strict();
type PeerConfig = z.infer<typeof PeerEntry>;

/** Peers from their configuration entries (key files relative to `baseDir`); an unreadable key is a start-up error. */
function peersFrom(entries: PeerConfig[], baseDir: string): Peer[] {
  const seen = new Set<string>();
  return entries.map((p) => {
    if (seen.has(p.code)) throw new Error(`peer ${p.code} is configured twice`);
    seen.add(p.code);
    const pem = p.publicKeyPem ?? fs.readFileSync(path.resolve(baseDir, p.publicKeyFile!), 'utf8');
    const keyId = keyIdOfPem(pem);
    return {
      code: p.code,
      name: p.name,
      kind: p.kind,
      url: p.url.replace(/\/+$/, ''),
      publicKeyPem: pem,
      keyId,
      ...(p.maxPackageBytes ? { maxPackageBytes: p.maxPackageBytes } : {}),
      ...(p.maxConcurrent ? { maxConcurrent: p.maxConcurrent } : {}),
    };
  });
}

/** Reads PEERS_FILE; no file means no peers (the instance can package and receive from nobody). */
export function loadPeers(file: string | undefined): Peer[] {
  if (!file) return [];
  const parsed = PeersFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`PEERS_FILE ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return peersFrom(parsed.data.peers, path.dirname(file));
}
