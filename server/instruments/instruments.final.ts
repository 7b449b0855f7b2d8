// The final instrument: made after the session ended and its recording was sealed (the footer names
// the sealed manifests), refused while anyone has still to sign, printed, signed with the agency's
// certificate, written once (mode 444), its hashes in the audit chain and the session's record.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as audit from '../audit';
import { findDirectoryEntries, type AuthUser } from '../auth';
import type { Db } from '../db/db';
import { InstrumentUnsigned, InvalidState, NotFound } from '../errors';
import { logger } from '../logger';
import { recordingsOfSession } from '../recording';
import { unseal } from '../security/sensitive';
import { appendSessionEvent, findSessionById, type Session } from '../sessions';
import { addSignaturePlaceholder, chinaTime, type ManifestRef, signPdf, type TranscriptDeps, verificationCode } from '../transcripts';
import { INSTRUMENT_KIND_LABELS, sessionRoleLabel } from '../vocabulary';
import { renderInstrument, type InstrumentPrint } from './instruments.pdf';
import * as repo from './instruments.repo';
import { missingOf, signedNow, signersOf } from './instruments.signers';
import type { Instrument } from './instruments.types';

/** The same font, certificate and folder as the records (instruments are kept beside them). */
export type InstrumentDeps = TranscriptDeps;

const hash = (alg: 'sha256' | 'sm3', b: Buffer | string): string => createHash(alg).update(b).digest('hex');

const SEAL: Record<Instrument['kind'], string> = {
  plea_statement: '具结书专用章',
  judgment: '审判专用章',
  mediation_agreement: '调解专用章',
};

async function manifestsOf(db: Db, sessionId: string): Promise<ManifestRef[]> {
  return (await recordingsOfSession(db, sessionId))
    .filter((r) => r.manifestSha256 && r.manifestSm3)
    .map((r) => ({ part: r.part, sha256: r.manifestSha256 as string, sm3: r.manifestSm3 as string }));
}

/** The PDF's keywords: every reference a verifier needs, read back by `hearing verify`. */
function keywords(r: { s: Session; i: Instrument; code: string; pages: number; manifests: ManifestRef[] }): string[] {
  return [
    `session:${r.s.id}`,
    `instrument:${r.i.id}`,
    `kind:${r.i.kind}`,
    `content-sha256:${r.i.contentSha256}`,
    `code:${r.code}`,
    `pages:${r.pages}`,
    ...r.manifests.flatMap((m) => [`manifest${m.part}-sha256:${m.sha256}`, `manifest${m.part}-sm3:${m.sm3}`]),
  ];
}

async function printOf(db: Db, s: Session, i: Instrument): Promise<{ model: InstrumentPrint; code: string }> {
  const [organiser] = await findDirectoryEntries(db, [s.createdBy]);
  const agencyName = organiser?.agencyName ?? '';
  const body = i.body as NonNullable<Instrument['body']>;
  const manifests = await manifestsOf(db, s.id);
  const code = verificationCode(s.id, i.id, i.contentSha256 as string, manifests);
  const sigs = signedNow(i, await repo.listSignatures(db, i.id));
  const order = signersOf(s, i);
  sigs.sort(
    (a, b) => order.findIndex((x) => x.participantId === a.participantId) - order.findIndex((x) => x.participantId === b.participantId),
  );
  return {
    code,
    model: {
      body,
      signatures: sigs.map((x) => ({
        label: sessionRoleLabel(x.sessionRole, s.type)['zh-CN'],
        name: s.participants.find((p) => p.id === x.participantId)?.displayName ?? '',
        strokes: x.strokes,
        fingerprint: x.fingerprintSealed ? Buffer.from(unseal(x.fingerprintSealed), 'base64') : null,
        signedAt: chinaTime(x.signedAt),
      })),
      agencyName,
      sealLabel: SEAL[i.kind],
      footer: { sessionId: s.id, manifests, verificationCode: code },
      metadata: {
        title: `${body.title} ${body.caseNumber}`,
        subject: `${INSTRUMENT_KIND_LABELS[i.kind]['zh-CN']}（${s.caseTitle}）`,
        keywords: () => [],
        createdAt: new Date(),
      },
    },
  };
}

/** Makes the final, signed PDF. Idempotent: an instrument already final is returned as it is. */
export async function finalizeInstrument(db: Db, deps: InstrumentDeps, sessionId: string, by: AuthUser): Promise<Instrument> {
  const s = await findSessionById(db, sessionId);
  const i = await repo.findBySession(db, sessionId);
  if (!s || !i) throw NotFound('instrument of session', sessionId);
  if (i.state === 'final') return i;
  if (s.state !== 'ended')
    throw InvalidState(`session ${s.id}`, s.state, 'the final instrument is made once the session has ended and its recording is sealed');
  const missing = missingOf(s, i, await repo.listSignatures(db, i.id));
  if (missing.length) {
    await audit.recordAlone(db, {
      actorUserId: by.id,
      agencyId: by.agencyId,
      action: 'instrument.finalize',
      objectType: 'session',
      objectId: sessionId,
      outcome: 'denied',
      detail: { instrumentId: i.id, kind: i.kind, missing },
    });
    throw InstrumentUnsigned(missing);
  }
  const { model, code } = await printOf(db, s, i);
  const when = model.metadata.createdAt;
  model.metadata.keywords = (pages) => keywords({ s, i, code, pages, manifests: model.footer.manifests });
  const reason = `${INSTRUMENT_KIND_LABELS[i.kind]['zh-CN']}（电子签章）`;
  const unsigned = await renderInstrument(model, deps.fontFile, (doc) => addSignaturePlaceholder(doc, deps.pdfSigner, when, reason));
  const pdf = await signPdf(unsigned, deps.pdfSigner, when);
  const dir = path.join(deps.root, sessionId);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${i.kind}-${code}.pdf`);
  if (!fs.existsSync(file)) {
    const fd = fs.openSync(file, 'wx', 0o644);
    try {
      fs.writeSync(fd, pdf);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(file, 0o444);
  }
  const written = fs.readFileSync(file);
  const sha256 = hash('sha256', written);
  const sm3 = hash('sm3', written);
  return db.transaction(async (trx) => {
    const locked = await repo.lockBySession(trx, sessionId);
    if (!locked || locked.state === 'final') return locked as Instrument;
    const patch = {
      state: 'final' as const,
      finalizedAt: when,
      pdfFile: path.relative(deps.root, file),
      pdfSha256: sha256,
      pdfSm3: sm3,
      verificationCode: code,
    };
    await repo.update(trx, i.id, patch);
    const detail = {
      instrumentId: i.id,
      kind: i.kind,
      sha256,
      sm3,
      verificationCode: code,
      contentSha256: i.contentSha256,
      manifests: model.footer.manifests,
    };
    await appendSessionEvent(trx, {
      sessionId,
      kind: 'instrument_finalized',
      actorUserId: by.id,
      actorParticipantId: null,
      subjectParticipantId: null,
      data: detail,
    });
    await audit.record(trx, {
      actorUserId: by.id,
      agencyId: by.agencyId,
      action: 'instrument.finalized',
      objectType: 'session',
      objectId: sessionId,
      outcome: 'success',
      detail,
    });
    logger.info({ sessionId, kind: i.kind, sha256 }, 'instrument made final');
    return { ...locked, ...patch };
  });
}
