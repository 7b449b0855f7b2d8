// Three agencies, three instances, three databases, three keys: the police send a case file to
// the procuratorate (移送审查起诉) in one action; the procuratorate verifies every hash before
// accepting, files it as a version of its own case, starts D7 at the receipt time and returns a
// signed receipt, which the police store. The same package again gets the same receipt and no copy;
// tampered, unsigned or unknown packages are refused with a reason and leave nothing behind. The
// procuratorate then sends the file on to the court (提起公诉), where the police's documents
// arrive with the hashes they were ingested with.
import { generateKeyPairSync, randomUUID, verify, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { packDirectory, verifyPackage, type Peer, type PackageManifest, PACKAGE_CONTROL_FILES } from '../../server/dossiers';
import { keyIdOfPem, signerFromPrivateKey, type AgencySigner } from '../../server/security/agencySigning';
import { insertAgency } from '../../server/seed/seed.repo';
import { connectDb } from '../../server/db/db';
import { copyTree, createAgencyDatabase, fetchPackage, flipByte, makeJpeg, makePdf, upload } from '../support/dossierFiles';
import { buildAgency, buildCase, buildDetainee, buildUser } from '../support/factories';
import { startTestServer, waitFor, type TestServer } from '../support/testServer';
import { transferHeaders } from '../../server/dossiers/dossiers.requestAuth';

const newSigner = (): AgencySigner =>
  signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const peerOf = (code: string, name: string, kind: string, url: string, signer: AgencySigner): Peer => ({
  code,
  name,
  kind,
  url,
  publicKeyPem: signer.publicKeyPem,
  keyId: keyIdOfPem(signer.publicKeyPem),
});

const keys = { police: newSigner(), proc: newSigner(), court: newSigner() };
let police: TestServer;
let proc: TestServer;
let court: TestServer;
const agencyIds: Record<string, string> = {};

async function addAgency(url: string, code: string, name: string, kind: string): Promise<void> {
  const db = connectDb(url, { max: 1 });
  try {
    agencyIds[code] = await db.transaction((trx) => insertAgency(trx, { code, name, kind }));
  } finally {
    await db.destroy();
  }
}

beforeAll(async () => {
  const [policeDb, procDb, courtDb] = await Promise.all([
    createAgencyDatabase('police'),
    createAgencyDatabase('proc'),
    createAgencyDatabase('court'),
  ]);
  await addAgency(policeDb, 'TEST-PSB', '测试市公安局', 'police');
  await addAgency(policeDb, 'TEST-PSB2', '测试县公安局', 'police');
  await addAgency(procDb, 'TEST-PROC', '测试市人民检察院', 'procuratorate');
  await addAgency(courtDb, 'TEST-COURT', '测试市人民法院', 'court');
  const nowhere = 'http://127.0.0.1:9';
  court = await startTestServer({
    databaseUrl: courtDb,
    signer: keys.court,
    dossiers: {
      agencyCode: 'TEST-COURT',
      peers: [{ ...peerOf('TEST-PROC', '测试市人民检察院', 'procuratorate', nowhere, keys.proc), maxConcurrent: 1 }],
      refusalsPerWindow: 3,
      refusalWindowMs: 1500,
    },
  });
  proc = await startTestServer({
    databaseUrl: procDb,
    signer: keys.proc,
    dossiers: {
      agencyCode: 'TEST-PROC',
      peers: [
        peerOf('TEST-PSB', '测试市公安局', 'police', nowhere, keys.police),
        peerOf('TEST-COURT', '测试市人民法院', 'court', court.url, keys.court),
      ],
    },
  });
  police = await startTestServer({
    databaseUrl: policeDb,
    signer: keys.police,
    dossiers: { agencyCode: 'TEST-PSB', peers: [peerOf('TEST-PROC', '测试市人民检察院', 'procuratorate', proc.url, keys.proc)] },
  });
}, 120_000);
afterAll(async () => {
  await Promise.all([police?.close(), proc?.close(), court?.close()]);
});

const count = async (s: TestServer, table: string) => Number((await s.db(table).count('* as n').first())!.n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tree = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

/** Delivers a package folder as the relay does, the request signed with `signer` (the police key unless given). */
async function deliverRaw(to: TestServer, sender: string, key: string, dir: string, names?: string[], signer: AgencySigner = keys.police) {
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as PackageManifest;
  const body = Readable.toWeb(
    packDirectory(dir, names ?? [...PACKAGE_CONTROL_FILES, ...m.files.map((f) => f.path)]),
  ) as unknown as ReadableStream;
  const res = await fetch(`${to.url}/api/inbound/dossiers`, {
    method: 'POST',
    body,
    duplex: 'half',
    headers: {
      'content-type': 'application/x-tar',
      'idempotency-key': key,
      'x-hearing-sender': sender,
      ...transferHeaders(signer, sender, key),
    },
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as any };
}

describe('transfer of a case file between agencies', () => {
  let caseId: string;
  let token: string;
  let packageId: string;
  let storedReceipt: string;
  let docSha: string;

  it('police → procuratorate: verified, accepted as a version of the case, receipt returned and stored, D7 started', async () => {
    const inv = await buildUser(police.db, 'investigator', agencyIds['TEST-PSB']);
    const center = await buildAgency(police.db, 'custody_center');
    caseId = await buildCase(police.db, agencyIds['TEST-PSB']!);
    const person = await buildDetainee(police.db, inv, caseId, center);
    token = await police.login(inv.username);
    expect((await police.request('PATCH', `/api/cases/${caseId}`, { token, body: { fastTrack: true } })).status).toBe(200);
    const doc = await upload(police.url, token, caseId, '起诉意见书.pdf', await makePdf('qisu yijian'), { title: '起诉意见书' });
    docSha = doc.body.data.document.sha256;
    expect((await upload(police.url, token, caseId, '银行流水.jpg', makeJpeg(), { origin: 'scanned' })).status).toBe(201);

    const sent = await police.request('POST', `/api/cases/${caseId}/dossier/packages`, {
      token,
      body: { recipient: 'TEST-PROC', purpose: 'prosecution_review', requestId: randomUUID(), transfer: true },
    });
    expect(sent.status).toBe(201);
    packageId = sent.body.data.package.id;
    let view: any;
    await waitFor(async () => {
      view = (await police.request('GET', `/api/cases/${caseId}/dossier`, { token })).body.data;
      return view.packages[0].transfer.state === 'delivered';
    }, 20_000);
    const pkg = view.packages[0];
    expect(pkg.transfer.idempotencyKey).toBe(`TEST-PSB:${caseId}:v1`);
    const receipt = pkg.receipt.body;
    expect(receipt).toMatchObject({
      packageId,
      manifestSha256: pkg.manifestSha256,
      manifestSm3: pkg.manifestSm3,
      sender: 'TEST-PSB',
      receiver: { code: 'TEST-PROC', keyId: keys.proc.keyId },
      files: pkg.files,
      dossierVersion: 1,
    });
    expect(receipt.deadline).toMatchObject({ rule: 'D7', startedAt: receipt.receivedAt });
    const row = await police.db('dossier_receipts').where({ package_id: packageId }).first();
    storedReceipt = row.receipt_json;
    expect(verify(null, Buffer.from(row.receipt_json), createPublicKey(keys.proc.publicKeyPem), Buffer.from(row.signature, 'base64'))).toBe(
      true,
    );
    expect(await count(police, 'dossier_receipts')).toBe(1);
    expect((await police.db('audit_entries').where({ action: 'dossier.receipt_stored', object_id: packageId })).length).toBe(1);

    // At the procuratorate: its own case, in review, with D7 from the receipt time, and the files as sent.
    const prosecutor = await buildUser(proc.db, 'prosecutor', agencyIds['TEST-PROC']);
    const ptoken = await proc.login(prosecutor.username);
    const cases = (await proc.request('GET', '/api/cases', { token: ptoken })).body.data.cases;
    expect(cases).toHaveLength(1);
    const local = (await proc.request('GET', `/api/cases/${cases[0].id}`, { token: ptoken })).body.data.case;
    expect(local).toMatchObject({ caseNumber: receipt.caseNumber, stage: 'prosecution_review', fastTrack: true });
    expect(local.persons.map((p: any) => p.name)).toEqual([person.name]);
    const d7 = local.deadlines.find((d: any) => d.rule === 'D7');
    expect(d7).toMatchObject({ startedAt: receipt.receivedAt, dueAt: receipt.deadline.dueAt, status: 'open' });
    const pview = (await proc.request('GET', `/api/cases/${local.id}/dossier`, { token: ptoken })).body.data;
    expect(pview.received).toHaveLength(1);
    expect(pview.received[0]).toMatchObject({ version: 1, sender: 'TEST-PSB', manifestSha256: pkg.manifestSha256, files: pkg.files });
    expect(pview.received[0].contents.find((f: any) => f.kind === 'document' && f.type === 'application/pdf').sha256).toBe(docSha);
    expect(pview.items.filter((i: any) => i.kind === 'received')).toHaveLength(pkg.files);
    const stored = await proc.db('received_dossiers').first();
    expect((await verifyPackage(path.join(proc.dossiersRoot, stored.dir), { publicKeyPem: keys.police.publicKeyPem })).ok).toBe(true);
  }, 60_000);

  it('the same package again gets the same receipt and no second copy', async () => {
    const dir = await fetchPackage(police.url, token, packageId);
    for (let i = 0; i < 3; i += 1) {
      const again = await deliverRaw(proc, 'TEST-PSB', `TEST-PSB:${caseId}:v1`, dir);
      expect(again.status).toBe(200);
      expect(again.body.data).toMatchObject({ replay: true, receipt: storedReceipt });
    }
    expect(await count(proc, 'received_dossiers')).toBe(1);
    expect(await count(proc, 'cases')).toBe(1);
    expect(tree(path.join(proc.dossiersRoot, 'received'))).toHaveLength(1);
  }, 60_000);

  it('refuses unknown senders, bad signatures and changed files with the reason, storing nothing', async () => {
    const dir = await fetchPackage(police.url, token, packageId);
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as PackageManifest;
    const key = `TEST-PSB:${caseId}:v1-tampered`;
    const refusedBefore = (await proc.db('audit_entries').where({ action: 'dossier.refused' })).length;

    const unknown = await deliverRaw(proc, 'NOBODY', key, dir);
    expect(unknown).toMatchObject({ status: 403, body: { ok: false, error: 'sender_unknown' } });

    const doc = m.files.find((f) => f.kind === 'document')!.path;
    const changed = copyTree(dir);
    // A changed file under a manifest re-signed by nobody would fail the signature; keep the police signature and change only the file.
    flipByte(path.join(changed, doc));
    const file = await deliverRaw(proc, 'TEST-PSB', m.idempotencyKey, changed);
    expect(file).toMatchObject({ status: 422, body: { error: 'package_file_mismatch', data: { path: doc } } });
    expect(file.body.message).toContain(doc);

    const manifest = copyTree(dir);
    flipByte(path.join(manifest, 'manifest.json'), 40);
    const man = await deliverRaw(proc, 'TEST-PSB', m.idempotencyKey, manifest);
    expect(man).toMatchObject({ status: 422, body: { error: 'package_signature_invalid' } });
    expect(man.body.message).toContain('manifest.json');

    const forged = copyTree(dir);
    const impostor = newSigner();
    fs.writeFileSync(
      path.join(forged, 'manifest.json.sig'),
      `${impostor.sign(fs.readFileSync(path.join(forged, 'manifest.json'))).toString('base64')}\n`,
    );
    fs.writeFileSync(path.join(forged, 'sender-public-key.pem'), impostor.publicKeyPem);
    expect(await deliverRaw(proc, 'TEST-PSB', m.idempotencyKey, forged)).toMatchObject({
      status: 422,
      body: { error: 'package_signature_invalid' },
    });

    const missing = await deliverRaw(proc, 'TEST-PSB', m.idempotencyKey, dir, [
      ...PACKAGE_CONTROL_FILES,
      ...m.files.slice(1).map((f) => f.path),
    ]);
    expect(missing).toMatchObject({ status: 422, body: { error: 'package_file_mismatch', data: { path: m.files[0]!.path } } });

    const junk = await fetch(`${proc.url}/api/inbound/dossiers`, {
      method: 'POST',
      body: 'not a tar at all',
      headers: {
        'content-type': 'application/x-tar',
        'idempotency-key': key,
        'x-hearing-sender': 'TEST-PSB',
        ...transferHeaders(keys.police, 'TEST-PSB', key),
      },
    });
    expect(junk.status).toBe(422);
    expect((await junk.json()).error).toBe('package_invalid');

    expect(await count(proc, 'received_dossiers')).toBe(1);
    expect(await count(proc, 'received_dossier_files')).toBe(m.files.length);
    expect(tree(path.join(proc.dossiersRoot, 'incoming'))).toEqual([]);
    expect(tree(path.join(proc.dossiersRoot, 'received'))).toHaveLength(1);
    const refused = await proc.db('audit_entries').where({ action: 'dossier.refused' }).orderBy('id');
    expect(refused.slice(refusedBefore).map((e) => e.detail.reason)).toEqual([
      'sender_unknown',
      'package_file_mismatch',
      'package_signature_invalid',
      'package_signature_invalid',
      'package_file_mismatch',
      'package_invalid',
    ]);
  }, 60_000);

  it('a refusal comes back to the sender with its reason', async () => {
    const other = await buildUser(police.db, 'investigator', agencyIds['TEST-PSB2']);
    const otherCase = await buildCase(police.db, agencyIds['TEST-PSB2']!);
    const t = await police.login(other.username);
    const sent = await police.request('POST', `/api/cases/${otherCase}/dossier/packages`, {
      token: t,
      body: { recipient: 'TEST-PROC', purpose: 'prosecution_review', requestId: randomUUID(), transfer: true },
    });
    expect(sent.status).toBe(201);
    let transfer: any;
    await waitFor(async () => {
      transfer = (await police.request('GET', `/api/cases/${otherCase}/dossier`, { token: t })).body.data.packages[0].transfer;
      return transfer.state === 'refused';
    }, 20_000);
    expect(transfer.refusal).toMatchObject({ code: 'sender_unknown' });
    expect(transfer.refusal.message).toContain('TEST-PSB2');
    expect(
      await police.db('dossier_receipts').whereIn('package_id', police.db('dossier_packages').where({ case_id: otherCase }).select('id')),
    ).toEqual([]);
  }, 60_000);

  it('procuratorate → court: the police documents arrive unchanged, the court case is in trial with D9', async () => {
    const prosecutor = await buildUser(proc.db, 'prosecutor', agencyIds['TEST-PROC']);
    const ptoken = await proc.login(prosecutor.username);
    const local = (await proc.request('GET', '/api/cases', { token: ptoken })).body.data.cases[0];
    const sent = await proc.request('POST', `/api/cases/${local.id}/dossier/packages`, {
      token: ptoken,
      body: { recipient: 'TEST-COURT', purpose: 'prosecution', requestId: randomUUID(), transfer: true },
    });
    expect(sent.status).toBe(201);
    let pkg: any;
    await waitFor(async () => {
      pkg = (await proc.request('GET', `/api/cases/${local.id}/dossier`, { token: ptoken })).body.data.packages[0];
      return pkg.transfer.state === 'delivered';
    }, 20_000);
    expect(pkg.receipt.body.deadline).toMatchObject({ rule: 'D9', startedAt: pkg.receipt.body.receivedAt });
    const judge = await buildUser(court.db, 'judge', agencyIds['TEST-COURT']);
    const jtoken = await court.login(judge.username);
    const ccase = (await court.request('GET', '/api/cases', { token: jtoken })).body.data.cases[0];
    const detail = (await court.request('GET', `/api/cases/${ccase.id}`, { token: jtoken })).body.data.case;
    expect(detail).toMatchObject({ stage: 'trial', caseNumber: local.caseNumber });
    expect(detail.deadlines.find((d: any) => d.rule === 'D9')).toMatchObject({ startedAt: pkg.receipt.body.receivedAt, status: 'open' });
    const cview = (await court.request('GET', `/api/cases/${ccase.id}/dossier`, { token: jtoken })).body.data;
    const policeDoc = cview.received[0].contents.find(
      (f: any) => f.path.startsWith('files/received/v1/documents/') && f.type === 'application/pdf',
    );
    expect(policeDoc).toMatchObject({ sha256: docSha, agency: 'TEST-PSB', origin: 'born_digital' });
    const stored = await court.db('received_dossiers').first();
    expect((await verifyPackage(path.join(court.dossiersRoot, stored.dir), { publicKeyPem: keys.proc.publicKeyPem })).ok).toBe(true);
  }, 60_000);
});

describe('a receiver that trusts nothing before it is proven', () => {
  const post = (to: TestServer, headers: Record<string, string>, body: BodyInit | ReadableStream) =>
    fetch(`${to.url}/api/inbound/dossiers`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'content-type': 'application/x-tar', ...headers },
    } as RequestInit);

  it('refuses a delivery whose request is unsigned, signed by another key or stale, before reading it', async () => {
    const key = `TEST-PSB:${randomUUID()}:v1`;
    const unsigned = await post(proc, { 'idempotency-key': key, 'x-hearing-sender': 'TEST-PSB' }, 'x');
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ ok: false, error: 'transfer_unauthenticated' });
    const impostor = await post(
      proc,
      { 'idempotency-key': key, 'x-hearing-sender': 'TEST-PSB', ...transferHeaders(newSigner(), 'TEST-PSB', key) },
      'x',
    );
    expect(await impostor.json()).toMatchObject({ error: 'transfer_unauthenticated', message: expect.stringContaining('TEST-PSB') });
    const stale = await post(
      proc,
      {
        'idempotency-key': key,
        'x-hearing-sender': 'TEST-PSB',
        ...transferHeaders(keys.police, 'TEST-PSB', key, new Date(Date.now() - 10 * 60_000)),
      },
      'x',
    );
    expect(await stale.json()).toMatchObject({ error: 'transfer_unauthenticated', message: expect.stringContaining('5 minutes') });
  });

  it('refuses a badly signed manifest before any file arrives, and takes one delivery at a time from a peer capped at one', async () => {
    // A package from the procuratorate to the court whose manifest signature is not the procuratorate's;
    // its control files are sent, then the stream stalls before the files: the refusal comes first.
    const prosecutor = await buildUser(proc.db, 'prosecutor', agencyIds['TEST-PROC']);
    const ptoken = await proc.login(prosecutor.username);
    const local = (await proc.request('GET', '/api/cases', { token: ptoken })).body.data.cases[0];
    const made = await proc.request('POST', `/api/cases/${local.id}/dossier/packages`, {
      token: ptoken,
      body: { recipient: 'TEST-COURT', purpose: 'prosecution', requestId: randomUUID(), transfer: false },
    });
    expect(made.status).toBe(201);
    const dir = copyTree(await fetchPackage(proc.url, ptoken, made.body.data.package.id));
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as PackageManifest;
    fs.writeFileSync(
      path.join(dir, 'manifest.json.sig'),
      `${newSigner()
        .sign(fs.readFileSync(path.join(dir, 'manifest.json')))
        .toString('base64')}\n`,
    );
    const tarred: Buffer[] = [];
    for await (const c of packDirectory(dir, [...PACKAGE_CONTROL_FILES, ...m.files.map((f) => f.path)])) tarred.push(c as Buffer);
    const whole = Buffer.concat(tarred);
    const controlBytes = PACKAGE_CONTROL_FILES.reduce((n, f) => n + 512 + Math.ceil(fs.statSync(path.join(dir, f)).size / 512) * 512, 0);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const stalled = new ReadableStream({
      async start(ctl) {
        ctl.enqueue(new Uint8Array(whole.subarray(0, controlBytes + 512)));
        await held;
        ctl.enqueue(new Uint8Array(whole.subarray(controlBytes + 512)));
        ctl.close();
      },
    });
    const headers = {
      'idempotency-key': m.idempotencyKey,
      'x-hearing-sender': 'TEST-PROC',
      ...transferHeaders(keys.proc, 'TEST-PROC', m.idempotencyKey),
    };
    const answer = await Promise.race([
      post(court, headers, stalled).then(async (r) => ({ status: r.status, body: await r.json() })),
      new Promise<null>((r) => setTimeout(() => r(null), 8000)),
    ]);
    release();
    expect(answer).toMatchObject({ status: 422, body: { error: 'package_signature_invalid' } });
    expect(tree(path.join(court.dossiersRoot, 'incoming'))).toEqual([]);

    // One delivery at a time from this peer: a second one while the first is still arriving is told to wait.
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((r) => {
      releaseFirst = r;
    });
    const first = post(
      court,
      headers,
      new ReadableStream({
        async start(ctl) {
          ctl.enqueue(new Uint8Array(whole.subarray(0, 100)));
          await firstHeld;
          ctl.close();
        },
      }),
    );
    await waitFor(async () => tree(path.join(court.dossiersRoot, 'incoming')).length === 1);
    const second = await post(court, { ...headers, ...transferHeaders(keys.proc, 'TEST-PROC', m.idempotencyKey) }, new Uint8Array(whole));
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({ error: 'rate_limited' });
    releaseFirst();
    expect((await first).status).toBe(422);
  }, 60_000);

  it('audits a flood of refusals from one sender as a few entries and one count', async () => {
    const countOf = async (action: string) => (await court.db('audit_entries').where({ action })).length;
    const refusedBefore = await countOf('dossier.refused');
    const suppressedBefore = await countOf('dossier.refusals_suppressed');
    await sleep(1600);
    for (let i = 0; i < 8; i++) {
      const key = `TEST-PROC:${randomUUID()}:v1`;
      const r = await post(
        court,
        { 'idempotency-key': key, 'x-hearing-sender': 'TEST-PROC', ...transferHeaders(keys.proc, 'TEST-PROC', key) },
        'junk',
      );
      expect(r.status).toBe(422);
    }
    expect((await countOf('dossier.refused')) - refusedBefore).toBe(3);
    await waitFor(async () => (await countOf('dossier.refusals_suppressed')) > suppressedBefore, 5000);
    const [summary] = await court.db('audit_entries').where({ action: 'dossier.refusals_suppressed' }).orderBy('id', 'desc').limit(1);
    expect(summary.detail).toMatchObject({ sender: 'TEST-PROC', count: 5, lastReason: 'package_invalid' });
  });
});
