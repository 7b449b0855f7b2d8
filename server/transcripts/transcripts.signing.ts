// Signing the record on the custody kiosk and at the officials' desks: each page (signature and
// fingerprint, bound to the page's hash), each correction, the closing sentence, then the
// interrogators (or judge) and the clerk. Every signature is a marker in the session's record and
// an audit entry with the hashes of its images; the images of fingerprints are stored sealed.
import { createHash } from 'node:crypto';
import type { Db, Trx } from '../db/db';
import { Forbidden, InvalidState, NotFound, SignatureInvalid, type Unsigned } from '../errors';
import { seal } from '../security/sensitive';
import { isHostRole, policyOf, type Session } from '../sessions';
import { isLawyerRole } from '../vocabulary';
import { CLOSING_SENTENCE } from './transcripts.layout';
import * as repo from './transcripts.repo';
import { changeTranscript, isSubject, type TranscriptActor } from './transcripts.service';
import { checkStrokes, decodeJpeg, decodePng } from './transcripts.schema';
import type { Correction, Page, Signature, Strokes, Transcript } from './transcripts.types';

export type SignatureMark = { strokes: Strokes; png: string };
export type FingerprintMark = { method: 'camera_snapshot' | 'reader'; jpeg: string };

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Session types whose record the lawyer signs too, because the law requires the lawyer's presence (认罪认罚具结, CPL 174). */
const lawyerMustSign = (s: Session): boolean => policyOf(s.type).needs.some((n) => n.roles.some((r) => isLawyerRole(r)));

/**
 * Who signs the record besides the person questioned: every host of the session and the clerk who
 * typed it, and — where the law requires a lawyer's presence — every listed lawyer (from their own
 * screen), who signs before the hosts (the suspect, then the lawyer, then the prosecutor).
 */
export function requiredOfficials(s: Session, t: Transcript): { participantId: string; name: string; role: string }[] {
  return s.participants
    .filter(
      (p) => isHostRole(s.type, p.sessionRole) || p.id === t.editorParticipantId || (lawyerMustSign(s) && isLawyerRole(p.sessionRole)),
    )
    .map((p) => ({ participantId: p.id, name: p.displayName, role: p.sessionRole }));
}

/** A session without a detainee (a mediation): its record is signed by each party who took part. */
export const signedByParties = (s: Session): boolean => !s.participants.some((p) => p.sessionRole === 'detainee');
export const partiesOf = (s: Session) => s.participants.filter((p) => p.sessionRole === 'party');
/** What a party's signature is bound to: every page as shown, in order. */
export const pagesDigest = (pages: Page[]): string => sha256(Buffer.from(pages.map((p) => p.sha256).join('|')));

/** Everything still missing before the record can be final (empty when it can). */
export function missingSignatures(s: Session, t: Transcript, pages: Page[], sigs: Signature[], corrections: Correction[]): Unsigned[] {
  const out: Unsigned[] = [];
  if (t.state === 'drafting') return [{ what: 'page', missing: 'not handed over for confirmation' }];
  if (signedByParties(s)) {
    const digest = pagesDigest(pages);
    for (const p of partiesOf(s))
      if (!sigs.some((x) => x.kind === 'party' && x.participantId === p.id && x.pageSha256 === digest))
        out.push({ what: 'party', participantId: p.id, missing: p.displayName });
    return [...out, ...officialsMissing(s, t, sigs)];
  }
  for (const c of corrections) {
    if (c.state === 'open') out.push({ what: 'correction', correctionId: c.id, missing: 'not made' });
    else if (!sigs.some((x) => x.kind === 'correction' && x.correctionId === c.id))
      out.push({ what: 'correction', correctionId: c.id, missing: 'signature and fingerprint' });
  }
  for (const p of pages) {
    if (!sigs.some((x) => x.kind === 'page' && x.pageNumber === p.number && x.pageSha256 === p.sha256))
      out.push({ what: 'page', page: p.number, missing: 'signature and fingerprint' });
  }
  if (!sigs.some((x) => x.kind === 'closing')) out.push({ what: 'closing', missing: CLOSING_SENTENCE });
  return [...out, ...officialsMissing(s, t, sigs)];
}

function officialsMissing(s: Session, t: Transcript, sigs: Signature[]): Unsigned[] {
  return requiredOfficials(s, t)
    .filter((o) => !sigs.some((x) => x.kind === 'official' && x.participantId === o.participantId))
    .map((o) => ({ what: 'official' as const, participantId: o.participantId, missing: o.name }));
}

export function marks(signature: SignatureMark, fingerprint?: FingerprintMark) {
  checkStrokes(signature.strokes);
  const image = decodePng(signature.png);
  const fp = fingerprint ? decodeJpeg(fingerprint.jpeg) : null;
  return {
    strokes: signature.strokes,
    image,
    imageSha256: sha256(image),
    fingerprintSealed: fp ? seal(fp.bytes.toString('base64')) : null,
    fingerprintSha256: fp ? sha256(fp.bytes) : null,
    fingerprintMethod: fingerprint?.method ?? null,
  };
}

type Sign = { trx: Trx; s: Session; t: Transcript };

function requireSubjectSigning({ s, t }: Sign, actor: TranscriptActor): void {
  if (!isSubject(actor)) throw Forbidden('the person questioned signs on the custody kiosk');
  requireConfirming(s, t);
}

export function requireConfirming(s: Session, t: Transcript): void {
  if (s.state !== 'live') throw InvalidState(`session ${s.id}`, s.state, 'the record is signed while the session is live and recorded');
  if (t.state !== 'confirming')
    throw InvalidState(`the record of session ${s.id}`, t.state, 'the clerk must hand it over for confirmation first');
}

/** The person questioned signs and fingerprints one page, as shown (its hash must match). */
export function signPage(
  db: Db,
  sessionId: string,
  actor: TranscriptActor,
  input: { page: number; pageSha256: string; signature: SignatureMark; fingerprint: FingerprintMark },
) {
  return changeTranscript(db, sessionId, actor, 'page_signed', async (c) => {
    requireSubjectSigning(c, actor);
    const pages = await repo.listPages(c.trx, c.t.id);
    const page = pages.find((p) => p.number === input.page);
    if (!page) throw NotFound('page', String(input.page));
    if (page.sha256 !== input.pageSha256) throw SignatureInvalid(`page ${input.page} changed since it was shown; show it again and sign`);
    const sigs = await repo.listSignatures(c.trx, c.t.id);
    if (page.number === page.total && !sigs.some((x) => x.kind === 'closing')) {
      throw InvalidState(
        `the last page of session ${sessionId}'s record`,
        'without the closing sentence',
        `write 「${CLOSING_SENTENCE}」 first`,
      );
    }
    await repo.supersede(
      c.trx,
      sigs.filter((x) => x.kind === 'page' && x.pageNumber === page.number).map((x) => x.id),
    );
    const m = marks(input.signature, input.fingerprint);
    const sig = await repo.insertSignature(c.trx, c.t.id, {
      kind: 'page',
      pageNumber: page.number,
      pageSha256: page.sha256,
      correctionId: null,
      participantId: actor.participant.id,
      endpoint: actor.endpoint,
      typedText: null,
      ...m,
    });
    return {
      result: sig.id,
      detail: {
        page: page.number,
        pageSha256: page.sha256,
        imageSha256: m.imageSha256,
        fingerprintSha256: m.fingerprintSha256,
        fingerprintMethod: m.fingerprintMethod,
      },
      marker: { kind: 'transcript_page_signed', data: { page: page.number, pageSha256: page.sha256 } },
    };
  });
}

/** The person questioned signs and fingerprints a correction made at their request. */
export function signCorrection(
  db: Db,
  sessionId: string,
  actor: TranscriptActor,
  input: { correctionId: string; signature: SignatureMark; fingerprint: FingerprintMark },
) {
  return changeTranscript(db, sessionId, actor, 'correction_signed', async (c) => {
    requireSubjectSigning(c, actor);
    const corr = (await repo.listCorrections(c.trx, c.t.id)).find((x) => x.id === input.correctionId);
    if (!corr) throw NotFound('correction request', input.correctionId);
    if (corr.state !== 'made') throw InvalidState(`correction request ${corr.id}`, corr.state, 'the clerk has not made the change yet');
    const sigs = await repo.listSignatures(c.trx, c.t.id);
    await repo.supersede(
      c.trx,
      sigs.filter((x) => x.kind === 'correction' && x.correctionId === corr.id).map((x) => x.id),
    );
    const m = marks(input.signature, input.fingerprint);
    const sig = await repo.insertSignature(c.trx, c.t.id, {
      kind: 'correction',
      pageNumber: null,
      pageSha256: null,
      correctionId: corr.id,
      participantId: actor.participant.id,
      endpoint: actor.endpoint,
      typedText: null,
      ...m,
    });
    return {
      result: sig.id,
      detail: { correctionId: corr.id, imageSha256: m.imageSha256, fingerprintSha256: m.fingerprintSha256 },
      marker: { kind: 'transcript_correction_signed', data: { correctionId: corr.id } },
    };
  });
}

/** 「以上笔录我看过，和我说的相符」: handwritten on the pad, or confirmed typed, as the session type's policy says. */
export function signClosing(
  db: Db,
  sessionId: string,
  actor: TranscriptActor,
  input: { mode: 'handwritten'; signature: SignatureMark } | { mode: 'typed'; text: string },
) {
  return changeTranscript(db, sessionId, actor, 'closing_signed', async (c) => {
    requireSubjectSigning(c, actor);
    if (input.mode !== c.t.closingMode)
      throw SignatureInvalid(
        `this record's closing sentence is ${c.t.closingMode === 'handwritten' ? 'written by hand on the pad' : 'confirmed typed'}`,
      );
    const pages = await repo.listPages(c.trx, c.t.id);
    const sigs = await repo.listSignatures(c.trx, c.t.id);
    const unread = pages.filter(
      (p) => p.number < p.total && !sigs.some((x) => x.kind === 'page' && x.pageNumber === p.number && x.pageSha256 === p.sha256),
    );
    if (unread.length)
      throw InvalidState(
        `the record of session ${sessionId}`,
        `pages ${unread.map((p) => p.number).join(', ')} unsigned`,
        'sign every page before the closing sentence',
      );
    await repo.supersede(
      c.trx,
      sigs.filter((x) => x.kind === 'closing').map((x) => x.id),
    );
    let m: ReturnType<typeof marks> | null = null;
    if (input.mode === 'typed') {
      if (input.text.trim() !== CLOSING_SENTENCE) throw SignatureInvalid(`the closing sentence must read 「${CLOSING_SENTENCE}」`);
    } else m = marks(input.signature);
    const sig = await repo.insertSignature(c.trx, c.t.id, {
      kind: 'closing',
      pageNumber: pages.length,
      pageSha256: null,
      correctionId: null,
      participantId: actor.participant.id,
      endpoint: actor.endpoint,
      typedText: input.mode === 'typed' ? CLOSING_SENTENCE : null,
      strokes: m?.strokes ?? null,
      image: m?.image ?? null,
      imageSha256: m?.imageSha256 ?? null,
      fingerprintSealed: null,
      fingerprintSha256: null,
      fingerprintMethod: null,
    });
    return {
      result: sig.id,
      detail: { mode: input.mode, imageSha256: m?.imageSha256 ?? null },
      marker: { kind: 'transcript_closing_signed', data: { mode: input.mode } },
    };
  });
}

/** An interrogator, the judge or the clerk signs, after the person questioned has signed everything. */
export function signOfficial(db: Db, sessionId: string, actor: TranscriptActor, input: { signature: SignatureMark }) {
  return changeTranscript(db, sessionId, actor, 'official_signed', async ({ trx, s, t }) => {
    if (actor.endpoint !== 'user' || !requiredOfficials(s, t).some((o) => o.participantId === actor.participant.id)) {
      throw Forbidden('only the interrogators (or judge), the clerk and, where the law requires one, the lawyer of this session sign');
    }
    requireConfirming(s, t);
    const sigs = await repo.listSignatures(trx, t.id);
    const subjectLeft = missingSignatures(s, t, await repo.listPages(trx, t.id), sigs, await repo.listCorrections(trx, t.id)).filter(
      (x) => x.what !== 'official',
    );
    if (subjectLeft.length)
      throw InvalidState(
        `the record of session ${sessionId}`,
        signedByParties(s) ? 'not yet signed by every party' : 'not yet signed by the person questioned',
        'officials sign last',
      );
    if (isHostRole(s.type, actor.participant.sessionRole) && lawyerMustSign(s)) {
      const lawyersLeft = requiredOfficials(s, t).filter(
        (o) => isLawyerRole(o.role) && !sigs.some((x) => x.kind === 'official' && x.participantId === o.participantId),
      );
      if (lawyersLeft.length)
        throw InvalidState(
          `the record of session ${sessionId}`,
          'not yet signed by the lawyer',
          `${lawyersLeft.map((o) => o.name).join('、')} signs first`,
        );
    }
    await repo.supersede(
      trx,
      sigs.filter((x) => x.kind === 'official' && x.participantId === actor.participant.id).map((x) => x.id),
    );
    const m = marks(input.signature);
    const sig = await repo.insertSignature(trx, t.id, {
      kind: 'official',
      pageNumber: null,
      pageSha256: null,
      correctionId: null,
      participantId: actor.participant.id,
      endpoint: actor.endpoint,
      typedText: null,
      ...m,
    });
    return {
      result: sig.id,
      detail: { role: actor.participant.sessionRole, imageSha256: m.imageSha256 },
      marker: { kind: 'transcript_official_signed', data: { role: actor.participant.sessionRole } },
    };
  });
}
