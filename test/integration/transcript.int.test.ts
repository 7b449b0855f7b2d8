// The record (笔录) over real sockets, Postgres, mediasoup and the recorder: typing pushed live,
// a correction asked for from the kiosk and made by the clerk, page-by-page signing with
// fingerprints, the closing sentence, the officials; the final PDF after the end, signed, with
// the sealed manifest in its footer; pdftotext reads the Chinese back; one changed byte fails.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyTranscriptPdf } from '../../server/transcripts';
import { liveInterrogation } from '../support/liveSession';
import { fingerprint, signature } from '../support/signatures';
import { ask, next, startTestServer, TEST_PDF_SIGNER, waitFor, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const QA: ['q' | 'a', string][] = [
  ['q', '你的姓名、年龄和住址？'],
  ['a', '我叫古某，今年三十二岁，住在茂名市。'],
  ['q', '你是否知道为什么被羁押？'],
  ['a', '知道，因为我把银行卡借给别人使用，帮助了电信网络诈骗。'],
  ['q', '这些银行卡一共转入多少钱？'],
  ['a', '大约二十万元，我从中拿了两千元好处费。'],
];

describe('the record of a remote interrogation', () => {
  it('is typed live, corrected at the kiosk, signed page by page and made final after the end', async () => {
    const w = await liveInterrogation(server);
    // Typing: each block is pushed to the kiosk as it is saved.
    const ids: string[] = [];
    const blockSeen = next(w.kiosk, 'transcript:block');
    for (const [i, [kind, text]] of QA.entries()) {
      const blockId = randomUUID();
      ids.push(blockId);
      const r = await ask(w.host, 'transcript:edit', { opId: randomUUID(), blockId, base: null, ord: i + 1, kind, text });
      expect(r).toMatchObject({ ok: true, data: { version: i + 1, block: { id: blockId, text, revision: 1 } } });
      if (i === 0) expect((await blockSeen).block).toMatchObject({ id: blockId, text });
    }
    // Long answers so the record runs over two pages.
    const long = Array.from(
      { length: 30 },
      (_, i) => `第${i + 1}笔转账是对方通过网上银行操作的，我只负责提供银行卡和验证码，并不清楚资金的具体来源。`,
    ).join('');
    const longId = randomUUID();
    await ask(w.host, 'transcript:edit', { opId: randomUUID(), blockId: longId, base: null, ord: 10, kind: 'a', text: long });
    // Only the clerk's role types; the kiosk never does.
    expect(
      await ask(w.kiosk, 'transcript:edit', { opId: randomUUID(), blockId: randomUUID(), base: null, ord: 99, kind: 'q', text: 'x' }),
    ).toMatchObject({ ok: false, error: 'forbidden' });

    // The detainee asks for a correction; the clerk's change is tied to it.
    const asked = await ask(w.kiosk, 'transcript:requestCorrection', { blockId: ids[5], note: '好处费是一千五百元，不是两千元' });
    expect(asked.ok).toBe(true);
    const correction = asked.data.corrections[0];
    expect(correction).toMatchObject({ blockId: ids[5], state: 'open' });
    const v = (await ask(w.host, 'transcript:get', {})).data;
    const current = v.blocks.find((b: { id: string }) => b.id === ids[5]);
    expect(await ask(w.host, 'transcript:submit', {})).toMatchObject({ ok: false, error: 'invalid_state' });
    const fixed = await ask(w.host, 'transcript:edit', {
      opId: randomUUID(),
      blockId: ids[5],
      base: current.lastOpId,
      ord: current.ord,
      kind: 'a',
      text: '大约二十万元，我从中拿了一千五百元好处费。',
      correctionId: correction.id,
    });
    expect(fixed.data.block.revision).toBe(2);

    // Handed over: pages fixed; the kiosk signs each page (not the last before the closing sentence).
    const submitted = await ask(w.host, 'transcript:submit', {});
    expect(submitted.data.state).toBe('confirming');
    const pages = submitted.data.pages as { number: number; total: number; sha256: string; lines: { text: string }[] }[];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]!.lines[0]!.text).toBe('讯问笔录');
    expect(pages.flatMap((p) => p.lines.map((l) => l.text)).join('')).toContain('本次通过远程视频进行，全程同步录音录像');
    const sign = (p: { number: number; sha256: string }, seed: number) =>
      ask(w.kiosk, 'transcript:signPage', { page: p.number, pageSha256: p.sha256, signature: signature(seed), fingerprint: fingerprint() });
    expect(
      await ask(w.host, 'transcript:signPage', {
        page: 1,
        pageSha256: pages[0]!.sha256,
        signature: signature(),
        fingerprint: fingerprint(),
      }),
    ).toMatchObject({ ok: false, error: 'forbidden' });
    expect(
      await ask(w.kiosk, 'transcript:signPage', {
        page: 1,
        pageSha256: 'f'.repeat(64),
        signature: signature(),
        fingerprint: fingerprint(),
      }),
    ).toMatchObject({ ok: false, error: 'signature_invalid' });
    const dot = {
      strokes: {
        width: 600,
        height: 200,
        strokes: [
          [
            [10, 10, 0],
            [11, 10, 5],
          ],
        ],
      },
      png: signature().png,
    };
    expect(
      await ask(w.kiosk, 'transcript:signPage', { page: 1, pageSha256: pages[0]!.sha256, signature: dot, fingerprint: fingerprint() }),
    ).toMatchObject({ ok: false, error: 'signature_invalid' });
    expect(
      await ask(w.kiosk, 'transcript:signPage', {
        page: 1,
        pageSha256: pages[0]!.sha256,
        signature: { ...signature(), png: Buffer.from('GIF89a-not-a-png-at-all-xxxxxxxxxxxxxxxxxx').toString('base64') },
        fingerprint: fingerprint(),
      }),
    ).toMatchObject({ ok: false, error: 'signature_invalid' });
    const last = pages[pages.length - 1]!;
    for (const p of pages.slice(0, -1)) expect(await sign(p, p.number)).toMatchObject({ ok: true });
    expect(await sign(last, 9)).toMatchObject({ ok: false, error: 'invalid_state' });
    // Officials sign last.
    expect(await ask(w.host, 'transcript:signOfficial', { signature: signature(20) })).toMatchObject({ ok: false, error: 'invalid_state' });
    expect(await ask(w.kiosk, 'transcript:signClosing', { mode: 'typed', text: '以上笔录我看过，和我说的相符' })).toMatchObject({
      ok: false,
      error: 'signature_invalid',
    });
    expect(await ask(w.kiosk, 'transcript:signClosing', { mode: 'handwritten', signature: signature(30) })).toMatchObject({ ok: true });
    expect(await sign(last, 9)).toMatchObject({ ok: true });
    const after = await ask(w.kiosk, 'transcript:signCorrection', {
      correctionId: correction.id,
      signature: signature(40),
      fingerprint: fingerprint(),
    });
    expect(after.data.missing.map((m: { what: string }) => m.what)).toEqual(['official', 'official']);
    await ask(w.host, 'transcript:signOfficial', { signature: signature(21) });
    const signed = await ask(w.second, 'transcript:signOfficial', { signature: signature(22) });
    expect(signed.data).toMatchObject({ missing: [], state: 'confirming' });
    expect(signed.data.officials.every((o: { signed: boolean }) => o.signed)).toBe(true);

    // Not final while live; made final when the session ends and the recording is sealed.
    const token = await server.login(w.inv.username);
    expect((await server.request('POST', `/api/sessions/${w.sessionId}/transcript/final`, { token })).body.error).toBe('invalid_state');
    expect((await ask(w.host, 'session:end', { reason: '讯问结束' })).ok).toBe(true);
    const final = await waitFor(async () => {
      const r = await server.request('GET', `/api/sessions/${w.sessionId}/transcript`, { token });
      return r.body.data.transcript.final;
    }, 20_000);
    expect(final.verificationCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transcript-'));
    const res = await fetch(`${server.url}/api/sessions/${w.sessionId}/transcript.pdf`, { headers: { authorization: `Bearer ${token}` } });
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('x-content-sha256')).toBe(final.pdfSha256);
    const file = path.join(dir, 'transcript.pdf');
    fs.writeFileSync(file, pdf);

    // The text reads back exactly; the page count agrees with 「第 X 页 共 Y 页」 on every page.
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    for (const [kind, t] of QA.filter((_, i) => i !== 5)) expect(text).toContain(`${kind === 'q' ? '问' : '答'}：${t}`);
    expect(text).toContain('答：大约二十万元，我从中拿了一千五百元好处费。');
    expect(text).not.toContain('两千元好处费');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(count).toBe(pages.length);
    for (let n = 1; n <= count; n++) {
      const pageText = execFileSync('pdftotext', ['-f', String(n), '-l', String(n), file, '-'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const flatPage = pageText.replace(/\s+/g, '');
      expect(flatPage).toContain(`第${n}页共${count}页`);
      expect(flatPage).toContain(`会话${w.sessionId}`);
      expect(flatPage).toContain(final.verificationCode);
    }
    expect(text).toContain('被讯问人签名');

    // The footer names the sealed manifest; verify checks it, the signature and the code.
    const [rec] = await server.db('recordings').where({ session_id: w.sessionId });
    const flat = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\s+/g, '');
    expect(flat).toContain(`SHA-256${rec.manifest_sha256}`);
    expect(flat).toContain(`SM3${rec.manifest_sm3}`);
    const manifestFile = path.join(server.recordings.root, rec.dir, 'manifest.json');
    const ok = await verifyTranscriptPdf(file, { certificatePem: TEST_PDF_SIGNER.certificatePem, manifest: manifestFile });
    expect(ok).toMatchObject({ ok: true, problems: [], pages: count, manifest: { matches: true } });

    // One changed byte in the PDF, or in the manifest, fails.
    const flipped = Buffer.from(pdf);
    const at = Math.floor(flipped.length / 3);
    flipped[at] = (flipped[at] as number) ^ 0x01;
    fs.writeFileSync(path.join(dir, 'flipped.pdf'), flipped);
    const bad = await verifyTranscriptPdf(path.join(dir, 'flipped.pdf'), { certificatePem: TEST_PDF_SIGNER.certificatePem });
    expect(bad.ok).toBe(false);
    expect(bad.problems.join(' ')).toMatch(/changed after it was signed|damaged|not a readable PDF/);
    const manifestCopy = path.join(dir, 'manifest.json');
    const mb = fs.readFileSync(manifestFile);
    mb[10] = (mb[10] as number) ^ 0x01;
    fs.writeFileSync(manifestCopy, mb);
    const badManifest = await verifyTranscriptPdf(file, { manifest: manifestCopy });
    expect(badManifest).toMatchObject({ ok: false, manifest: { matches: false } });

    // The CLI says the same, offline, with exit codes.
    const cli = path.resolve(__dirname, '..', '..', 'bin', 'hearing.js');
    const certFile = path.join(dir, 'agency.cert.pem');
    fs.writeFileSync(certFile, TEST_PDF_SIGNER.certificatePem);
    expect(
      execFileSync('node', [cli, 'verify', file, '--public-key', certFile, '--manifest', manifestFile], { encoding: 'utf8' }),
    ).toContain('OK');
    expect(() => execFileSync('node', [cli, 'verify', path.join(dir, 'flipped.pdf')], { stdio: 'pipe' })).toThrow();

    // On the record: every signature with its time, in the audit chain and the session events.
    const actions = (await server.db('audit_entries').where({ object_type: 'session', object_id: w.sessionId })).map(
      (r: { action: string }) => r.action,
    );
    expect(actions.filter((a: string) => a === 'transcript.page_signed')).toHaveLength(pages.length);
    expect(actions).toEqual(
      expect.arrayContaining([
        'transcript.edited',
        'transcript.correction_requested',
        'transcript.submitted',
        'transcript.closing_signed',
        'transcript.correction_signed',
        'transcript.official_signed',
        'transcript.finalized',
      ]),
    );
    const finalized = await server.db('audit_entries').where({ object_id: w.sessionId, action: 'transcript.finalized' }).first();
    expect(finalized.detail.sha256).toBe(final.pdfSha256);
    const kinds = (await server.db('session_events').where({ session_id: w.sessionId })).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['transcript_submitted', 'transcript_page_signed', 'transcript_closing_signed', 'transcript_official_signed']),
    );
    // The manifest's markers include the signing acts (the signing was recorded).
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    expect(manifest.markers.filter((m: { kind: string }) => m.kind === 'transcript_page_signed')).toHaveLength(pages.length);
    // Revisions keep what was typed before the correction.
    const revs = await server.db('transcript_revisions').where({ block_id: ids[5] }).orderBy('version');
    expect(revs.map((r: { text: string }) => r.text)).toEqual([QA[5]![1], '大约二十万元，我从中拿了一千五百元好处费。']);
  });

  it('refuses a final record while a page is unsigned, and says which', async () => {
    const w = await liveInterrogation(server);
    await ask(w.host, 'transcript:edit', {
      opId: randomUUID(),
      blockId: randomUUID(),
      base: null,
      ord: 1,
      kind: 'q',
      text: '你叫什么名字？',
    });
    await ask(w.host, 'transcript:edit', { opId: randomUUID(), blockId: randomUUID(), base: null, ord: 2, kind: 'a', text: '古某。' });
    const submitted = await ask(w.host, 'transcript:submit', {});
    expect(submitted.data.pages).toHaveLength(1);
    await ask(w.kiosk, 'transcript:signClosing', { mode: 'handwritten', signature: signature(3) });
    await ask(w.host, 'session:end', { reason: '讯问结束' });
    const token = await server.login(w.inv.username);
    const res = await server.request('POST', `/api/sessions/${w.sessionId}/transcript/final`, { token });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ ok: false, error: 'transcript_unsigned' });
    expect(res.body.data.missing).toEqual(expect.arrayContaining([{ what: 'page', page: 1, missing: 'signature and fingerprint' }]));
    const denied = await server.db('audit_entries').where({ object_id: w.sessionId, action: 'transcript.finalize', outcome: 'denied' });
    expect(denied.length).toBeGreaterThanOrEqual(1);
    expect((await server.request('GET', `/api/sessions/${w.sessionId}/transcript.pdf`, { token })).status).toBe(404);
    // A draft can be read; it carries the watermark and no signature.
    const draft = await fetch(`${server.url}/api/sessions/${w.sessionId}/transcript/draft.pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const bytes = Buffer.from(await draft.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).not.toContain('/ByteRange');
  });

  it('applies an edit once however often it is sent, and refuses one made from a stale version', async () => {
    const w = await liveInterrogation(server);
    const blockId = randomUUID();
    const op = { opId: randomUUID(), blockId, base: null, ord: 1, kind: 'q', text: '第一问' };
    const first = await ask(w.host, 'transcript:edit', op);
    const again = await ask(w.host, 'transcript:edit', op);
    expect(again.data).toEqual(first.data);
    const stale = await ask(w.second, 'transcript:edit', {
      opId: randomUUID(),
      blockId,
      base: null,
      ord: 1,
      kind: 'q',
      text: '另一个版本',
    });
    expect(stale).toMatchObject({ ok: false, error: 'transcript_conflict' });
    expect(stale.data.current.text).toBe('第一问');
    expect(await ask(w.host, 'transcript:edit', { ...op, opId: 'not-a-uuid' })).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(await ask(w.host, 'transcript:edit', { ...op, opId: randomUUID(), text: 'x'.repeat(20_001) })).toMatchObject({ ok: false });
    expect((await server.db('transcript_revisions').where({ block_id: blockId })).length).toBe(1);
  });
});
