// kill -9 the sender between "sent" and "marked sent", 20 times. The police relay runs as its own
// process; each time a receipt has come back (the procuratorate has stored the dossier) and before
// the police store it, the process is killed with SIGKILL. A new relay process then delivers the
// same package again under the same idempotency key. Every time: the receiver holds exactly one
// dossier for the package and the sender exactly one receipt, the very receipt the receiver gave.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import path from 'node:path';
import { connectDb, type Db } from '../../server/db/db';
import { makePackage, type DossierDeps, type Peer } from '../../server/dossiers';
import { keyIdOfPem, signerFromPrivateKey } from '../../server/security/agencySigning';
import { insertAgency } from '../../server/seed/seed.repo';
import { createAgencyDatabase, makePdf, upload } from '../support/dossierFiles';
import { actorOf, buildCase, buildUser } from '../support/factories';
import { startTestServer, waitFor, type TestServer } from '../support/testServer';

const ROUNDS = 20;
const child = path.resolve(__dirname, '..', 'support', 'relayChild.cjs');
const policePem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const policeKey = signerFromPrivateKey(policePem);
const procKey = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

let proc: TestServer;
let police: TestServer;
let policeUrl: string;
let policeDb: Db;
const peer = (code: string, kind: string, url: string, key: typeof policeKey): Peer => ({
  code,
  name: code,
  kind,
  url,
  publicKeyPem: key.publicKeyPem,
  keyId: keyIdOfPem(key.publicKeyPem),
});

beforeAll(async () => {
  const procUrl = await createAgencyDatabase('proc');
  policeUrl = await createAgencyDatabase('police');
  for (const [url, code, kind] of [
    [procUrl, 'KILL-PROC', 'procuratorate'],
    [policeUrl, 'KILL-PSB', 'police'],
  ] as const) {
    const db = connectDb(url, { max: 1 });
    try {
      await db.transaction((trx) => insertAgency(trx, { code, name: code, kind }));
    } finally {
      await db.destroy();
    }
  }
  proc = await startTestServer({
    databaseUrl: procUrl,
    signer: procKey,
    dossiers: { agencyCode: 'KILL-PROC', peers: [peer('KILL-PSB', 'police', 'http://127.0.0.1:9', policeKey)] },
  });
  // NOTE: the police platform takes uploads; its own relay is off: only the child processes deliver.
  police = await startTestServer({
    databaseUrl: policeUrl,
    signer: policeKey,
    dossiers: { agencyCode: 'KILL-PSB', relay: false, peers: [peer('KILL-PROC', 'procuratorate', proc.url, procKey)] },
  });
  policeDb = police.db;
}, 120_000);
afterAll(async () => {
  await Promise.all([police?.close(), proc?.close()]);
});

function startRelayProcess(pause: boolean): { p: ChildProcess; lines: string[]; waitFor(prefix: string): Promise<string> } {
  const p = spawn(
    process.execPath,
    [
      child,
      JSON.stringify({
        databaseUrl: policeUrl,
        root: police.dossiersRoot,
        privateKeyPem: policePem,
        pause,
        peers: [peer('KILL-PROC', 'procuratorate', proc.url, procKey)],
      }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  let buf = '';
  p.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  return {
    p,
    lines,
    waitFor: async (prefix) => {
      await waitFor(async () => lines.some((l) => l.startsWith(prefix)) || p.exitCode !== null, 30_000);
      const line = lines.find((l) => l.startsWith(prefix));
      if (!line) throw new Error(`relay child exited (${p.exitCode}) before "${prefix}"`);
      return line;
    },
  };
}
const exited = (p: ChildProcess) =>
  new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));

describe('the relay killed between sent and marked sent', () => {
  it(`${ROUNDS} times: the receiver holds one dossier and the sender one receipt per package`, async () => {
    const inv = await buildUser(policeDb, 'investigator', (await policeDb('agencies').where({ code: 'KILL-PSB' }).first('id')).id);
    const token = await police.login(inv.username);
    const actor = await actorOf(policeDb, inv);
    const deps: DossierDeps = {
      root: police.dossiersRoot,
      recordingsRoot: '/nonexistent',
      transcriptsRoot: '/nonexistent',
      signer: policeKey,
      agencyCode: 'KILL-PSB',
      peers: [peer('KILL-PROC', 'procuratorate', proc.url, procKey)],
      uploadMaxBytes: 1 << 20,
      packageMaxBytes: 1 << 30,
    };
    const caseId = await buildCase(policeDb, actor.agencyId);
    expect((await upload(police.url, token, caseId, '移送起诉告知书.pdf', await makePdf('yisong'))).status).toBe(201);

    for (let round = 1; round <= ROUNDS; round += 1) {
      const pkg = await makePackage(policeDb, deps, actor, caseId, {
        recipient: 'KILL-PROC',
        purpose: 'prosecution_review',
        requestId: randomUUID(),
        transfer: true,
      });
      const key = `KILL-PSB:${caseId}:v${round}`;

      const doomed = startRelayProcess(true);
      expect(await doomed.waitFor('DELIVERED')).toBe(`DELIVERED ${key}`);
      doomed.p.kill('SIGKILL');
      await exited(doomed.p);
      // Sent and accepted over there, not yet marked here.
      expect(await proc.db('received_dossiers').where({ idempotency_key: key }).count('* as n').first()).toEqual({ n: '1' });
      expect(await policeDb('dossier_receipts').where({ package_id: pkg.id }).count('* as n').first()).toEqual({ n: '0' });
      expect((await policeDb('dossier_outbox').where({ package_id: pkg.id }).first()).state).toBe('pending');

      const next = startRelayProcess(false);
      try {
        await next.waitFor('READY');
        await waitFor(async () => (await policeDb('dossier_outbox').where({ package_id: pkg.id }).first()).state === 'delivered', 30_000);
      } finally {
        next.p.kill('SIGTERM');
        await exited(next.p);
      }
      const receipts = await policeDb('dossier_receipts').where({ package_id: pkg.id });
      expect(receipts).toHaveLength(1);
      const received = await proc.db('received_dossiers').where({ idempotency_key: key });
      expect(received).toHaveLength(1);
      expect(receipts[0].receipt_json).toBe(received[0].receipt_json);
    }
    // Over all rounds: one received version per package, numbered 1..ROUNDS, and one receipt each.
    const versions = (await proc.db('received_dossiers').orderBy('version').select('version')).map((r) => r.version);
    expect(versions).toEqual(Array.from({ length: ROUNDS }, (_, i) => i + 1));
    expect(await policeDb('dossier_receipts').count('* as n').first()).toEqual({ n: String(ROUNDS) });
    expect(await proc.db('cases').count('* as n').first()).toEqual({ n: '1' });
  }, 600_000);
});
