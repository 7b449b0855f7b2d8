// The demo's last step: the case file. Two documents are added (a born-digital notice and a scanned
// page), the case page is shown with its dossier, the case is packaged for the procuratorate
// (移送审查起诉) and the package is downloaded into DIR/dossier and verified offline with the
// agency's public key, as `hearing verify DIR/dossier --public-key …` would.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractPackage, verifyPackage, type PackageManifest } from '../dossiers';
import { DEMO_AGENCIES } from '../seed';
import type { ApiClient } from './apiClient';
import type { Participant } from './browser';

export type DemoDossierReport = {
  dir: string;
  packageId: string;
  files: number;
  bytes: number;
  manifestSha256: string;
  manifestSm3: string;
  kinds: Record<string, number>;
  verified: boolean;
  problems: string[];
};

async function noticePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.setTitle('Notice of transfer for prosecution review (demo)');
  doc.addPage([595, 842]).drawText('Yisong shencha qisu gaozhishu (hearing demo)', { x: 60, y: 760, size: 14, font });
  return Buffer.from(await doc.save());
}

export async function packageDossier(
  client: ApiClient,
  host: Participant,
  baseUrl: string,
  caseId: string,
  out: string,
  publicKeyPem: string,
  screenshot: (name: string) => Promise<void>,
): Promise<DemoDossierReport> {
  const q = (name: string, origin: string, title: string) =>
    `/api/cases/${caseId}/documents?${new URLSearchParams({ name, origin, title })}`;
  await client.upload(q('移送审查起诉告知书.pdf', 'born_digital', '移送审查起诉告知书'), await noticePdf());
  const scan = await host.page.screenshot({ type: 'jpeg', quality: 70, clip: { x: 0, y: 0, width: 320, height: 240 } });
  await client.upload(q('银行卡交易明细（扫描件）.jpg', 'scanned', '银行卡交易明细（扫描件）'), Buffer.from(scan));

  await host.page.goto(`${baseUrl}/#/cases/${caseId}`);
  await host.page.waitForSelector('[data-testid=dossier-items] tr[data-kind=transcript]', { timeout: 20_000 });
  await host.page.waitForSelector('[data-testid=dossier-items] tr[data-kind=recording]', { timeout: 20_000 });
  await host.page.$eval('[data-testid=dossier]', (el) => el.scrollIntoView());
  await screenshot('8-case-file');

  const recipient = DEMO_AGENCIES.find((a) => a.kind === 'procuratorate')!.code;
  const { package: pkg } = await client.call<{ package: { id: string; manifestSha256: string; manifestSm3: string } }>(
    'POST',
    `/api/cases/${caseId}/dossier/packages`,
    { recipient, purpose: 'prosecution_review', requestId: randomUUID(), transfer: false },
  );
  const dir = path.join(out, 'dossier');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const res = await fetch(`${client.baseUrl}/api/dossier-packages/${pkg.id}/download`, {
    headers: { authorization: `Bearer ${client.token}` },
  });
  if (!res.ok || !res.body) throw new Error(`package download: HTTP ${res.status}`);
  await extractPackage(Readable.fromWeb(res.body as never), dir, { maxBytes: 2 ** 40, maxEntries: 200_003 });
  fs.writeFileSync(path.join(out, 'agency-public-key.pem'), publicKeyPem);
  const v = await verifyPackage(dir, { publicKeyPem });
  const m = v.manifest as PackageManifest | null;
  const kinds: Record<string, number> = {};
  for (const f of m?.files ?? []) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  return {
    dir,
    packageId: pkg.id,
    files: v.files,
    bytes: v.bytes,
    manifestSha256: pkg.manifestSha256,
    manifestSm3: pkg.manifestSm3,
    kinds,
    verified: v.ok && v.manifestSha256 === pkg.manifestSha256,
    problems: v.problems.map((p) => p.message),
  };
}
