// Writing and signing an instrument within its session: the host drafts it (any number of times),
// shows it for signature (the text is frozen and hashed), and may withdraw it for a change (every
// signature lapses); each signer signs, in order, the text whose hash they were shown. Each change
// locks the instrument row and writes its audit entry (and the marker in the session's record) in
// the same transaction.
import { createHash } from 'node:crypto';
import * as audit from '../audit';
import type { Db, Trx } from '../db/db';
import { Forbidden, InvalidRequest, InvalidState, NotFound, SignatureInvalid } from '../errors';
import { seal } from '../security/sensitive';
import { appendSessionEvent, findSessionById, isHostRole, listEvents, type Actor, type Session } from '../sessions';
import { checkStrokes, decodeJpeg, decodePng } from '../transcripts';
import { INSTRUMENT_OF_SESSION, SESSION_TYPE_LABELS } from '../vocabulary';
import { bodySha256, buildBody } from './instruments.body';
import * as repo from './instruments.repo';
import { signedNow, signersOf } from './instruments.signers';
import type { Instrument, InstrumentFields } from './instruments.types';
import type { FingerprintMark, SignatureMark } from './instruments.schema';

type Ctx = { trx: Trx; s: Session; i: Instrument | null };
type Outcome = { detail: Record<string, unknown>; marker?: { kind: string; data: Record<string, unknown> } };

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Runs one change of a session's instrument: session and instrument locked, audited, marked. */
async function change(db: Db, sessionId: string, actor: Actor, action: string, fn: (c: Ctx) => Promise<Outcome>): Promise<void> {
  await db.transaction(async (trx) => {
    const s = await findSessionById(trx, sessionId);
    if (!s) throw NotFound('session', sessionId);
    const kind = INSTRUMENT_OF_SESSION[s.type];
    if (!kind) throw Forbidden(`a ${SESSION_TYPE_LABELS[s.type]['zh-CN']} session makes no signed instrument`);
    const i = await repo.lockBySession(trx, sessionId);
    const out = await fn({ trx, s, i });
    const after = await repo.findBySession(trx, sessionId);
    if (out.marker)
      await appendSessionEvent(trx, {
        sessionId,
        kind: out.marker.kind,
        actorUserId: actor.user.id,
        actorParticipantId: actor.participant.id,
        subjectParticipantId: null,
        data: out.marker.data,
      });
    await audit.record(trx, {
      actorUserId: actor.user.id,
      agencyId: actor.user.agencyId,
      action: `instrument.${action}`,
      objectType: 'session',
      objectId: sessionId,
      outcome: 'success',
      detail: { instrumentId: after?.id ?? null, kind, actorParticipantId: actor.participant.id, endpoint: actor.endpoint, ...out.detail },
    });
  });
}

function requireDrafter(s: Session, a: Actor): void {
  if (a.endpoint !== 'user' || !isHostRole(s.type, a.participant.sessionRole))
    throw Forbidden('only a host of the session (for a judgment: the judge or the clerk) writes the instrument');
}

function requireOpenSession(s: Session, what: string, states: readonly string[] = ['lobby', 'live', 'interrupted']): void {
  if (!states.includes(s.state)) throw InvalidState(`session ${s.id}`, s.state, what);
}

/** The host writes (or rewrites) the draft. */
export const draftInstrument = (db: Db, sessionId: string, actor: Actor, fields: InstrumentFields) =>
  change(db, sessionId, actor, 'drafted', async ({ trx, s, i }) => {
    requireDrafter(s, actor);
    requireOpenSession(s, 'the instrument is written while the session is open');
    if (fields.kind !== INSTRUMENT_OF_SESSION[s.type])
      throw InvalidRequest(`a ${s.type} session makes a ${INSTRUMENT_OF_SESSION[s.type]}, not a ${fields.kind}`);
    if (i && i.state !== 'draft')
      throw InvalidState(`the instrument of session ${s.id}`, i.state, 'withdraw it from signature before changing it');
    if (i) await repo.update(trx, i.id, { fields, version: i.version + 1, draftedBy: actor.participant.id });
    else await repo.insert(trx, { sessionId: s.id, kind: fields.kind, fields, draftedBy: actor.participant.id });
    return { detail: { version: (i?.version ?? 0) + 1 } };
  });

/** The host shows the draft for signature: its text is built and frozen, its hash is what is signed. */
export const openForSigning = (db: Db, sessionId: string, actor: Actor) =>
  change(db, sessionId, actor, 'opened', async ({ trx, s, i }) => {
    requireDrafter(s, actor);
    requireOpenSession(s, 'the instrument is signed while the session is live and recorded', ['live']);
    if (!i) throw NotFound('draft instrument of session', s.id);
    if (i.state !== 'draft') throw InvalidState(`the instrument of session ${s.id}`, i.state, 'it is already shown for signature');
    if (i.kind === 'judgment') {
      const phases = await listEvents(trx, s.id, ['phase']);
      if (phases.at(-1)?.data.phase !== 'judgment')
        throw InvalidState(
          `session ${s.id}`,
          String(phases.at(-1)?.data.phase ?? 'no phase'),
          'the judgment is announced in the 宣判 phase',
        );
    }
    if (!signersOf(s, i).length) throw InvalidState(`session ${s.id}`, 'no one to sign', 'list the signers in the session first');
    const body = await buildBody(trx, s, i.fields);
    const contentSha256 = bodySha256(body);
    await repo.update(trx, i.id, { state: 'signing', body, contentSha256, openedAt: new Date() });
    return { detail: { contentSha256 }, marker: { kind: 'instrument_opened', data: { kind: i.kind, contentSha256 } } };
  });

/** The host takes the text back for a change: every signature on it lapses. */
export const withdrawFromSigning = (db: Db, sessionId: string, actor: Actor, reason: string) =>
  change(db, sessionId, actor, 'withdrawn', async ({ trx, s, i }) => {
    requireDrafter(s, actor);
    requireOpenSession(s, 'the instrument is changed while the session is open');
    if (i?.state !== 'signing')
      throw InvalidState(`the instrument of session ${s.id}`, i?.state ?? 'none', 'only one being signed is withdrawn');
    const lapsed = await repo.supersedeAll(trx, i.id);
    await repo.update(trx, i.id, { state: 'draft', body: null, contentSha256: null, openedAt: null });
    return {
      detail: { reason, contentSha256: i.contentSha256, signaturesLapsed: lapsed },
      marker: { kind: 'instrument_withdrawn', data: { reason, signaturesLapsed: lapsed } },
    };
  });

/** A signer signs the text they were shown (its hash must match), once everyone before them has. */
export const signInstrument = (
  db: Db,
  sessionId: string,
  actor: Actor,
  input: { contentSha256: string; signature: SignatureMark; fingerprint?: FingerprintMark | undefined },
) =>
  change(db, sessionId, actor, 'signed', async ({ trx, s, i }) => {
    requireOpenSession(s, 'the instrument is signed while the session is live and recorded', ['live']);
    if (i?.state !== 'signing')
      throw InvalidState(`the instrument of session ${s.id}`, i?.state ?? 'none', 'it is not shown for signature');
    const signers = signersOf(s, i);
    const me = signers.find((x) => x.participantId === actor.participant.id);
    if (!me) throw Forbidden('you are not one who signs this instrument');
    if (me.kiosk !== (actor.endpoint === 'kiosk'))
      throw Forbidden(me.kiosk ? 'the detainee signs on the custody kiosk' : 'sign from your own screen');
    if (input.contentSha256 !== i.contentSha256)
      throw SignatureInvalid('the instrument changed since it was shown; read it again and sign');
    const done = new Set(signedNow(i, await repo.listSignatures(trx, i.id)).map((x) => x.participantId));
    const before = signers.filter((x) => x.step < me.step && !done.has(x.participantId));
    if (before.length)
      throw InvalidState(
        `the instrument of session ${s.id}`,
        'not yet signed by those before you',
        `${before.map((x) => x.name).join('、')} signs first`,
      );
    if (done.has(me.participantId)) throw InvalidState(`the instrument of session ${s.id}`, 'signed by you', 'you have signed it already');
    if (me.kiosk && !input.fingerprint) throw SignatureInvalid('the detainee signs and fingerprints (签名捺印)');
    checkStrokes(input.signature.strokes);
    const image = decodePng(input.signature.png);
    const fp = input.fingerprint ? decodeJpeg(input.fingerprint.jpeg) : null;
    const imageSha256 = sha256(image);
    const fingerprintSha256 = fp ? sha256(fp.bytes) : null;
    await repo.insertSignature(trx, i.id, {
      participantId: me.participantId,
      sessionRole: me.role,
      endpoint: actor.endpoint,
      contentSha256: i.contentSha256 as string,
      strokes: input.signature.strokes,
      image,
      imageSha256,
      fingerprintSealed: fp ? seal(fp.bytes.toString('base64')) : null,
      fingerprintSha256,
    });
    return {
      detail: { role: me.role, contentSha256: i.contentSha256, imageSha256, fingerprintSha256 },
      marker: { kind: 'instrument_signed', data: { kind: i.kind, role: me.role, contentSha256: i.contentSha256 } },
    };
  });
