// The case file (电子卷宗) on one instance, over real HTTP, Postgres, mediasoup and ffmpeg: a
// recorded interrogation and uploaded documents are listed with hashes, origin and history;
// hostile uploads are refused with typed errors and leave nothing outside the quarantine; a
// package is made, downloaded, and verifies offline (library and CLI); one flipped byte in any
// kind of file, or in the manifest, fails verification naming it; a changed original stops packaging.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyPackage, type PackageManifest } from '../../server/dossiers';
import { copyTree, fetchPackage, flipByte, makeImage, makeJpeg, makePdf, makeZip, OFD_XML, upload } from '../support/dossierFiles';
import { buildAgency, buildSession, buildUser } from '../support/factories';
import { rtpCamera } from '../support/rtpCamera';
import { startTestServer, TEST_SIGNER, waitFor, type TestServer } from '../support/testServer';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hearing-dossier-test-'));
const dossiersRoot = path.join(root, 'dossiers');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ dossiers: { root: dossiersRoot, uploadMaxBytes: 5 * 1024 * 1024 } });
});
afterAll(async () => {
  await server.close();
});

const listTree = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort()
    : [];

const keyFile = path.join(root, 'police.pub.pem');
fs.writeFileSync(keyFile, TEST_SIGNER.publicKeyPem);
const cli = (dir: string) =>
  spawnSync(process.execPath, [path.resolve(__dirname, '..', '..', 'bin', 'hearing.js'), 'verify', dir, '--public-key', keyFile], {
    encoding: 'utf8',
  });

describe('the case file', () => {
  let caseId: string;
  let token: string;
  let procCode: string;

  beforeAll(async () => {
    // A real recording of the custody room (ffmpeg RTP into the session's room), sealed, belongs to the case file.
    const inv = await buildUser(server.db, 'investigator');
    const session = await buildSession(server.db, inv);
    const detainee = session.participants.find((p) => p.sessionRole === 'detainee')!;
    const room = await server.media.ensureRoom(session.id, { recording: 'mandatory' });
    room.addPeer(detainee.id);
    const cam = await rtpCamera(room, detainee.id, { seconds: 30, gop: 25, ssrc: 51111111 });
    try {
      await waitFor(async () => server.recordings.recorderPids(session.id).length === 2, 15_000);
      await new Promise((r) => setTimeout(r, 5000));
      expect(await server.recordings.finish(session.id)).toBeTruthy();
    } finally {
      await cam.stop();
    }
    caseId = session.caseId;
    token = await server.login(inv.username);
    const procId = await buildAgency(server.db, 'procuratorate');
    procCode = (await server.db('agencies').where({ id: procId }).first('code')).code;
  }, 60_000);

  it('takes documents checked by content, and refuses hostile uploads with typed errors, keeping nothing outside the quarantine', async () => {
    const pdf = await makePdf('Qisu yijian shu');
    const ok1 = await upload(server.url, token, caseId, '起诉意见书.pdf', pdf, { origin: 'born_digital', title: '起诉意见书' });
    expect(ok1.status).toBe(201);
    expect(ok1.body.data.document).toMatchObject({ mediaType: 'application/pdf', bytes: pdf.length, origin: 'born_digital' });
    const jpeg = makeJpeg();
    const ok2 = await upload(server.url, token, caseId, '银行流水扫描件.jpg', jpeg, { origin: 'scanned', chunked: true });
    expect(ok2.status).toBe(201);
    expect(ok2.body.data.document).toMatchObject({ mediaType: 'image/jpeg', origin: 'scanned' });
    const ofd = await makeZip([
      { name: 'OFD.xml', data: OFD_XML },
      { name: 'Doc_0/Document.xml', data: Buffer.from('<Document/>') },
    ]);
    expect((await upload(server.url, token, caseId, '鉴定意见.ofd', ofd)).status).toBe(201);
    const stored = listTree(dossiersRoot);

    const cases: [string, string, Buffer, object, number, string][] = [
      ['oversize (declared length)', '大文件.pdf', Buffer.concat([pdf, Buffer.alloc(6 * 1024 * 1024)]), {}, 413, 'upload_too_large'],
      [
        'oversize (streamed, no length)',
        '大文件.pdf',
        Buffer.concat([pdf, Buffer.alloc(6 * 1024 * 1024)]),
        { chunked: true },
        413,
        'upload_too_large',
      ],
      ['a PNG behind a .pdf name', '讯问笔录.pdf', makeImage('png'), {}, 415, 'upload_type_mismatch'],
      [
        'a program behind a .pdf name',
        '说明.pdf',
        Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(2000, 1)]),
        {},
        415,
        'upload_type_unsupported',
      ],
      ['a JPEG with a ZIP appended', '照片.jpg', Buffer.concat([jpeg, ofd]), {}, 415, 'upload_type_unsupported'],
      ['../ in the name', '../../../../tmp/evil.pdf', pdf, {}, 400, 'upload_name_invalid'],
      ['an absolute name', '/etc/cron.d/evil.pdf', pdf, {}, 400, 'upload_name_invalid'],
      ['an unaccepted extension', '脚本.sh', Buffer.from('#!/bin/sh\n'), {}, 415, 'upload_type_unsupported'],
      ['empty', '空白.pdf', Buffer.alloc(0), {}, 400, 'upload_empty'],
    ];
    const bomb = await makeZip([
      { name: 'OFD.xml', data: OFD_XML },
      { name: 'Doc_0/Res/zeros.bin', data: Buffer.alloc(60 * 1024 * 1024) },
    ]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    cases.push(['a zip bomb as .ofd', '证据.ofd', bomb, {}, 400, 'upload_archive_unsafe']);
    // NOTE: zip writers refuse such names, so the entry's name is changed in the finished archive.
    const slip = await makeZip([
      { name: 'OFD.xml', data: OFD_XML },
      { name: 'AA/AA/escape.txt', data: Buffer.from('x') },
    ]);
    slip.set(Buffer.from(slip.toString('latin1').replaceAll('AA/AA/escape.txt', '../../escape.txt'), 'latin1'));
    cases.push(['a zip entry pointing outside', '证据2.ofd', slip, {}, 400, 'upload_archive_unsafe']);
    cases.push([
      'an archive without OFD.xml',
      '证据3.ofd',
      await makeZip([{ name: 'a.txt', data: Buffer.from('x') }]),
      {},
      400,
      'upload_archive_unsafe',
    ]);
    for (const [label, name, body, o, status, code] of cases) {
      const res = await upload(server.url, token, caseId, name, body, o);
      expect({ label, status: res.status, code: res.body?.error }).toEqual({ label, status, code });
      expect(typeof res.body.message).toBe('string');
    }
    // Nothing refused was kept: the quarantine is empty and the case file holds only the accepted three.
    expect(listTree(path.join(dossiersRoot, 'quarantine'))).toEqual([]);
    expect(listTree(dossiersRoot)).toEqual(stored);
    expect(stored.filter((f) => f.startsWith('documents/'))).toHaveLength(3);
    expect(fs.existsSync('/tmp/evil.pdf')).toBe(false);
    const rejected = await server.db('audit_entries').where({ action: 'document.rejected', object_id: caseId }).select('detail');
    expect(rejected.map((r) => r.detail.reason).sort()).toEqual(cases.map((c) => c[5]).sort());
    const ingested = await server.db('audit_entries').where({ action: 'document.ingested' }).whereRaw("detail->>'caseId' = ?", [caseId]);
    expect(ingested.map((e) => e.detail.sha256).sort()).toEqual(
      [
        ok1.body.data.document.sha256,
        ok2.body.data.document.sha256,
        ingested.find((e) => e.detail.mediaType === 'application/ofd').detail.sha256,
      ].sort(),
    );
  }, 60_000);

  it('lists every item with its hashes, origin and history, and packages it into a folder that verifies offline', async () => {
    const view = await server.request('GET', `/api/cases/${caseId}/dossier`, { token });
    expect(view.status).toBe(200);
    const items = view.body.data.items as any[];
    const rec = items.find((i) => i.kind === 'recording');
    expect(rec.files).toBeGreaterThan(4);
    expect(rec.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.history.map((h: any) => h.action)).toContain('recording.sealed');
    const scan = items.find((i) => i.kind === 'document' && i.type === 'image/jpeg');
    expect(scan).toMatchObject({ origin: 'scanned', createdBy: '测试investigator' });
    expect(scan.history[0]).toMatchObject({ action: 'document.ingested', actor: '测试investigator' });
    expect(items.find((i) => i.title === '起诉意见书')).toMatchObject({
      origin: 'born_digital',
      sm3: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const requestId = randomUUID();
    const body = { recipient: procCode, purpose: 'prosecution_review', requestId, transfer: false };
    const made = await server.request('POST', `/api/cases/${caseId}/dossier/packages`, { token, body });
    expect(made.status).toBe(201);
    const again = await server.request('POST', `/api/cases/${caseId}/dossier/packages`, { token, body });
    expect(again.body.data.package.id).toBe(made.body.data.package.id);
    expect(await server.db('dossier_packages').where({ case_id: caseId }).count('* as n').first()).toEqual({ n: '1' });

    const dir = await fetchPackage(server.url, token, made.body.data.package.id);
    const r = await verifyPackage(dir, { publicKeyPem: TEST_SIGNER.publicKeyPem });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.manifestSha256).toBe(made.body.data.package.manifestSha256);
    const m = r.manifest as PackageManifest;
    expect(new Set(m.files.map((f) => f.kind))).toEqual(
      new Set([
        'recording_manifest',
        'recording_signature',
        'recording_key',
        'recording_segment',
        'document',
        'audit_extract',
        ...(m.files.some((f) => f.kind === 'court_view') ? ['court_view'] : []),
      ]),
    );
    expect(m.files.find((f) => f.type === 'image/jpeg')!.provenance).toMatchObject({
      origin: 'scanned',
      createdBy: { name: '测试investigator' },
    });
    expect(m.case.persons[0]!.idNumberLast4).toHaveLength(4);
    const extract = fs
      .readFileSync(path.join(dir, 'files/audit/audit-extract.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(extract.map((e) => e.action)).toEqual(expect.arrayContaining(['document.ingested', 'recording.sealed', 'case.create']));
    // The recording inside the package still verifies on its own with the recording tooling.
    const part = path.dirname(m.files.find((f) => f.kind === 'recording_manifest')!.path);
    const recCli = spawnSync(
      process.execPath,
      [path.resolve(__dirname, '..', '..', 'bin', 'hearing.js'), 'verify', path.join(dir, part), '--public-key', keyFile],
      { encoding: 'utf8' },
    );
    expect(recCli.stdout).toContain('OK:');

    const ok = cli(dir);
    expect(ok.stdout).toContain('OK:');
    expect(ok.status).toBe(0);

    // One flipped byte in any kind of file, or in the manifest, fails and names it.
    const victims = ['recording_segment', 'recording_manifest', 'document', 'audit_extract'].map(
      (k) => m.files.find((f) => f.kind === k)!.path,
    );
    for (const victim of [...victims, 'manifest.json']) {
      const copy = copyTree(dir);
      flipByte(path.join(copy, victim));
      const bad = await verifyPackage(copy, { publicKeyPem: TEST_SIGNER.publicKeyPem });
      expect(bad.ok).toBe(false);
      expect(bad.problems[0]!.message).toContain(victim);
      const out = cli(copy);
      expect(out.status).toBe(1);
      expect(out.stdout).toContain(`FAILED: ${victim}`);
    }
    // An extra file nobody listed, and a package signed by someone else, fail too.
    const extra = copyTree(dir);
    fs.writeFileSync(path.join(extra, 'files', 'documents', 'added.pdf'), 'x');
    expect((await verifyPackage(extra, { publicKeyPem: TEST_SIGNER.publicKeyPem })).problems[0]).toMatchObject({
      kind: 'unlisted',
      path: 'files/documents/added.pdf',
    });
    const otherKey = (await import('node:crypto'))
      .generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect((await verifyPackage(dir, { publicKeyPem: otherKey })).problems[0]!.kind).toBe('signature');
  }, 120_000);

  it('refuses to package an original that no longer matches the hashes taken at ingest, naming it', async () => {
    const doc = await server.db('case_documents').where({ case_id: caseId, media_type: 'application/pdf' }).first();
    const file = path.join(dossiersRoot, doc.file);
    const before = fs.readFileSync(file);
    flipByte(file, 20);
    try {
      const res = await server.request('POST', `/api/cases/${caseId}/dossier/packages`, {
        token,
        body: { recipient: procCode, purpose: 'prosecution_review', requestId: randomUUID(), transfer: false },
      });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('evidence_altered');
      expect(res.body.message).toContain(`files/documents/${doc.id}.pdf`);
      expect(listTree(path.join(dossiersRoot, 'packages')).filter((f) => f.includes('.building'))).toEqual([]);
    } finally {
      fs.writeFileSync(file, before);
    }
  }, 60_000);
});
