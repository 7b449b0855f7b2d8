// What a case file holds, assembled from where each part lives: the final records (PDF) and the
// sealed recordings of its sessions (manifest, signature, key, every segment, the court view), the
// uploaded documents, and the files of the latest dossier received from another agency. Each
// file carries the hashes recorded when it was made or ingested, which packaging checks again.
import path from 'node:path';
import type { Db } from '../db/db';
import { INSTRUMENT_KIND_LABELS, SESSION_TYPE_LABELS, type SessionType } from '../vocabulary';
import { recordingRepo as recordings } from '../recording';
import { MANIFEST_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE } from '../recording';
import { instrumentsRepo as instruments } from '../instruments';
import { transcriptsRepo as transcripts } from '../transcripts';
import type { Provenance } from './dossiers.format';
import * as repo from './dossiers.repo';
import type { CaseFileItem, ItemFile } from './dossiers.types';

export type ItemRoots = { root: string; recordingsRoot: string; transcriptsRoot: string };

export const RECEIVED_DIR = 'received';

/** The title of a session's items in the case file: its type in the standard wording, then its own title. */
export const itemLabel = (type: SessionType, title: string): string => `${SESSION_TYPE_LABELS[type]['zh-CN']} ${title}`.trim();

/** Every item of the case file, in a stable order (records, recordings, documents, received). */
export async function caseFileItems(db: Db, roots: ItemRoots, caseId: string, agencyCode: string): Promise<CaseFileItem[]> {
  const items: CaseFileItem[] = [];
  const sessions = await repo.sessionsOfCase(db, caseId);
  const names = await repo.userNames(
    db,
    sessions.map((s) => s.createdBy),
  );
  for (const s of sessions) {
    const by = { userId: s.createdBy, name: names.get(s.createdBy) ?? null };
    const label = itemLabel(s.type, s.title);
    const t = await transcripts.findBySession(db, s.id);
    if (t && t.state === 'final' && t.pdfFile && t.pdfSha256 && t.pdfSm3 && t.finalizedAt) {
      items.push({
        id: t.id,
        kind: 'transcript',
        title: `${label} 笔录`,
        files: [
          {
            abs: path.join(roots.transcriptsRoot, t.pdfFile),
            path: `files/transcripts/${s.id}.pdf`,
            bytes: -1,
            sha256: t.pdfSha256,
            sm3: t.pdfSm3,
            type: 'application/pdf',
            kind: 'transcript',
          },
        ],
        provenance: prov(
          'born_digital',
          agencyCode,
          t.finalizedAt,
          by,
          { sessionId: s.id, transcriptId: t.id, verificationCode: t.verificationCode },
          `${label} 笔录`,
        ),
        auditObject: { type: 'session', id: s.id },
      });
    }
    const ins = await instruments.findBySession(db, s.id);
    if (ins && ins.state === 'final' && ins.pdfFile && ins.pdfSha256 && ins.pdfSm3 && ins.finalizedAt) {
      const title = `${label} ${INSTRUMENT_KIND_LABELS[ins.kind]['zh-CN']}`;
      items.push({
        id: ins.id,
        kind: 'instrument',
        title,
        files: [
          {
            abs: path.join(roots.transcriptsRoot, ins.pdfFile),
            path: `files/instruments/${s.id}-${ins.kind}.pdf`,
            bytes: -1,
            sha256: ins.pdfSha256,
            sm3: ins.pdfSm3,
            type: 'application/pdf',
            kind: 'instrument',
          },
        ],
        provenance: prov(
          'born_digital',
          agencyCode,
          ins.finalizedAt,
          by,
          { sessionId: s.id, instrumentId: ins.id, kind: ins.kind, verificationCode: ins.verificationCode },
          title,
        ),
        auditObject: { type: 'session', id: s.id },
      });
    }
    for (const rec of await recordings.recordingsOfSession(db, s.id)) {
      if (!rec.sealedAt || !rec.manifestSha256 || !rec.manifestSm3) continue;
      const base = `files/recordings/${s.id}/part-${rec.part}`;
      const dir = path.join(roots.recordingsRoot, rec.dir);
      const files: ItemFile[] = [
        {
          abs: path.join(dir, MANIFEST_FILE),
          path: `${base}/${MANIFEST_FILE}`,
          bytes: -1,
          sha256: rec.manifestSha256,
          sm3: rec.manifestSm3,
          type: 'application/json',
          kind: 'recording_manifest',
        },
        {
          abs: path.join(dir, SIGNATURE_FILE),
          path: `${base}/${SIGNATURE_FILE}`,
          bytes: -1,
          sha256: null,
          sm3: null,
          type: 'text/plain',
          kind: 'recording_signature',
        },
        {
          abs: path.join(dir, PUBLIC_KEY_FILE),
          path: `${base}/${PUBLIC_KEY_FILE}`,
          bytes: -1,
          sha256: null,
          sm3: null,
          type: 'application/x-pem-file',
          kind: 'recording_key',
        },
      ];
      for (const seg of await recordings.segmentsOfRecording(db, rec.id)) {
        files.push({
          abs: path.join(dir, seg.file),
          path: `${base}/${seg.file}`,
          bytes: seg.bytes,
          sha256: seg.sha256,
          sm3: seg.sm3,
          type: 'video/x-matroska',
          kind: 'recording_segment',
        });
      }
      if (rec.courtViewFile && rec.courtViewSha256 && rec.courtViewSm3) {
        files.push({
          abs: path.join(dir, rec.courtViewFile),
          path: `${base}/${rec.courtViewFile}`,
          bytes: -1,
          sha256: rec.courtViewSha256,
          sm3: rec.courtViewSm3,
          type: 'video/webm',
          kind: 'court_view',
        });
      }
      items.push({
        id: rec.id,
        kind: 'recording',
        title: `${label} 同步录音录像 第${rec.part}段`,
        files,
        provenance: prov(
          'born_digital',
          agencyCode,
          rec.sealedAt,
          null,
          { sessionId: s.id, recordingId: rec.id, part: rec.part, state: rec.state, manifestSha256: rec.manifestSha256 },
          `${label} 同步录音录像 第${rec.part}段`,
        ),
        auditObject: { type: 'recording', id: rec.id },
      });
    }
  }
  const docs = await repo.documentsOfCase(db, caseId);
  const uploaders = await repo.userNames(
    db,
    docs.map((d) => d.uploadedBy),
  );
  for (const d of docs) {
    items.push({
      id: d.id,
      kind: 'document',
      title: d.title,
      files: [
        {
          abs: path.join(roots.root, d.file),
          path: `files/documents/${d.id}${path.extname(d.file)}`,
          bytes: d.bytes,
          sha256: d.sha256,
          sm3: d.sm3,
          type: d.mediaType,
          kind: 'document',
        },
      ],
      provenance: prov(
        d.origin,
        agencyCode,
        d.uploadedAt,
        { userId: d.uploadedBy, name: uploaders.get(d.uploadedBy) ?? null },
        { documentId: d.id, originalName: d.originalName },
        d.title,
      ),
      auditObject: { type: 'document', id: d.id },
    });
  }
  const received = (await repo.receivedOfCase(db, caseId)).at(-1);
  if (received) {
    for (const f of await repo.filesOfReceived(db, received.id)) {
      items.push({
        id: `${received.id}:${f.path}`,
        kind: 'received',
        title: f.provenance.title ?? f.path,
        files: [
          {
            abs: path.join(roots.root, received.dir, f.path),
            path: `files/received/v${received.version}/${f.path.slice('files/'.length)}`,
            bytes: f.bytes,
            sha256: f.sha256,
            sm3: f.sm3,
            type: f.mediaType,
            kind: 'received',
          },
        ],
        provenance: {
          ...f.provenance,
          source: {
            ...f.provenance.source,
            receivedFrom: received.senderCode,
            packageId: received.packageId,
            originalPath: f.path,
            originalKind: f.kind,
          },
        },
        auditObject: { type: 'received_dossier', id: received.id },
      });
    }
  }
  return items;
}

function prov(
  origin: Provenance['origin'],
  agency: string,
  at: Date,
  by: Provenance['createdBy'],
  source: Provenance['source'],
  title: string,
): Provenance {
  return { origin, agency, createdAt: at.toISOString(), createdBy: by, source, title };
}
