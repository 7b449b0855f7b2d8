// State changes inside a session: lobby decisions, host controls, phases, identity attestation and
// confirmation, consent, going live, interruption and the end. Each one locks the session row,
// checks the law and the actor's rights, and writes a session event and an audit entry in the
// same transaction.
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import { personForBooking } from '../cases';
import type { Db, Trx } from '../db/db';
import { Forbidden, InvalidRequest, InvalidState, NotFound, PolicyUnmet, type Unmet } from '../errors';
import type { AttestMethod, ConsentMethod } from '../realtime/events';
import { insertEvent, listEvents } from './sessions.events.repo';
import { isHostRole, isOfficerOnDuty, liveUnmet, policyOf, type Phase } from './sessions.policy';
import * as repo from './sessions.repo';
import type { Endpoint, Participant, Session, SessionState, SessionType } from './sessions.types';

export type Actor = { user: AuthUser; participant: Participant; endpoint: Endpoint };
export type Outcome = { kind: string; subject?: string | null; data?: Record<string, unknown> } | null;

const OPEN: readonly SessionState[] = ['lobby', 'live', 'interrupted'];

/** An act on a session: locked, checked by `fn`, written as a session event with its audit entry, in one transaction. */
export async function change(db: Db, sessionId: string, actor: Actor, fn: (trx: Trx, s: Session) => Promise<Outcome>): Promise<Session> {
  return db.transaction(async (trx) => {
    const s = await repo.lockById(trx, sessionId);
    if (!s) throw NotFound('session', sessionId);
    const out = await fn(trx, s);
    if (out) {
      const data = out.data ?? {};
      await insertEvent(trx, {
        sessionId,
        kind: out.kind,
        actorUserId: actor.user.id,
        actorParticipantId: actor.participant.id,
        subjectParticipantId: out.subject ?? null,
        data,
      });
      await audit.record(trx, {
        actorUserId: actor.user.id,
        agencyId: actor.user.agencyId,
        action: `session.${out.kind}`,
        objectType: 'session',
        objectId: sessionId,
        outcome: 'success',
        detail: { ...data, actorParticipantId: actor.participant.id, ...(out.subject ? { subjectParticipantId: out.subject } : {}) },
      });
    }
    return (await repo.findById(trx, sessionId)) as Session;
  });
}

const isHost = (s: Session, a: Actor): boolean => a.endpoint === 'user' && isHostRole(s.type, a.participant.sessionRole);

export function requireHost(s: Session, a: Actor, what: string): void {
  if (!isHost(s, a)) throw Forbidden(`only a host (${policyOf(s.type).hosts.join(', ')}) may ${what}`);
}

function requireState(s: Session, states: readonly SessionState[], what: string): void {
  if (!states.includes(s.state)) throw InvalidState(`session ${s.id}`, s.state, `cannot ${what} now`);
}

function subjectOf(s: Session, id: string): Participant {
  const p = s.participants.find((x) => x.id === id);
  if (!p) throw NotFound('participant', id);
  return p;
}

/** The first arrival opens the lobby of a scheduled session. */
export const openLobby = (db: Db, sessionId: string, actor: Actor) =>
  change(db, sessionId, actor, async (trx, s) => {
    if (s.state !== 'scheduled') return null;
    await repo.update(trx, s.id, { state: 'lobby' });
    return { kind: 'lobby_opened' };
  });

export const admit = (db: Db, sessionId: string, actor: Actor, subjectId: string) =>
  change(db, sessionId, actor, async (trx, s) => {
    requireHost(s, actor, 'admit participants');
    requireState(s, OPEN, 'admit');
    if (s.locked) throw InvalidState(`session ${s.id}`, 'locked', 'unlock it to admit anyone');
    const p = subjectOf(s, subjectId);
    if (p.admittedAt) return null;
    await repo.setAdmitted(trx, p.id, new Date());
    return { kind: 'admitted', subject: p.id };
  });

export const deny = (db: Db, sessionId: string, actor: Actor, subjectId: string, reason: string) =>
  change(db, sessionId, actor, async (_trx, s) => {
    requireHost(s, actor, 'deny participants');
    const p = subjectOf(s, subjectId);
    if (p.admittedAt) throw InvalidState(`participant ${p.id}`, 'admitted', 'send them back to the lobby instead');
    return { kind: 'denied', subject: p.id, data: { reason } };
  });

export const sendToLobby = (db: Db, sessionId: string, actor: Actor, subjectId: string) =>
  change(db, sessionId, actor, async (trx, s) => {
    requireHost(s, actor, 'send participants back to the lobby');
    const p = subjectOf(s, subjectId);
    if (p.id === actor.participant.id) throw InvalidRequest('a host cannot send themselves to the lobby');
    await repo.setAdmitted(trx, p.id, null);
    return { kind: 'returned_to_lobby', subject: p.id };
  });

export const removeFromSession = (db: Db, sessionId: string, actor: Actor, subjectId: string, reason: string) =>
  change(db, sessionId, actor, async (trx, s) => {
    requireHost(s, actor, 'remove participants');
    const p = subjectOf(s, subjectId);
    if (p.id === actor.participant.id) throw InvalidRequest('a host cannot remove themselves; leave instead');
    if (p.sessionRole === 'detainee') throw InvalidRequest('the detainee is not removed; end or interrupt the session instead');
    await repo.setAdmitted(trx, p.id, null);
    await repo.removeParticipant(trx, p.id, new Date());
    return { kind: 'removed', subject: p.id, data: { reason } };
  });

export const setLocked = (db: Db, sessionId: string, actor: Actor, locked: boolean) =>
  change(db, sessionId, actor, async (trx, s) => {
    requireHost(s, actor, 'lock the session');
    requireState(s, OPEN, 'lock');
    if (s.locked === locked) return null;
    await repo.update(trx, s.id, { locked });
    return { kind: locked ? 'locked' : 'unlocked' };
  });

/** A host puts one participant's picture in everyone's main view, or (null) takes it back. */
export const setSpotlight = (db: Db, sessionId: string, actor: Actor, participantId: string | null) =>
  change(db, sessionId, actor, async (_trx, s) => {
    requireHost(s, actor, "put a participant's picture in the main view");
    requireState(s, OPEN, 'change the main view');
    if (participantId) subjectOf(s, participantId);
    return { kind: 'spotlight', subject: participantId, data: { participantId } };
  });

export const muteRecorded = (db: Db, sessionId: string, actor: Actor, subjectId: string, source: string) =>
  change(db, sessionId, actor, async (_trx, s) => {
    requireHost(s, actor, 'mute participants');
    subjectOf(s, subjectId);
    return { kind: 'muted', subject: subjectId, data: { source } };
  });

export const unmuteRecorded = (db: Db, sessionId: string, actor: Actor, subjectId: string, source: string) =>
  change(db, sessionId, actor, async (_trx, s) => {
    requireHost(s, actor, 'allow participants to unmute');
    subjectOf(s, subjectId);
    return { kind: 'unmuted', subject: subjectId, data: { source } };
  });

export const setPhase = (db: Db, sessionId: string, actor: Actor, phase: Phase) =>
  change(db, sessionId, actor, async (_trx, s) => {
    requireHost(s, actor, 'mark procedural phases');
    requireState(s, ['lobby', 'live'], 'mark a phase');
    if (!policyOf(s.type).phases.includes(phase)) throw InvalidRequest(`phase ${phase} does not apply to a ${s.type}`);
    return { kind: 'phase', data: { phase } };
  });

/**
 * The custody officer on duty vouches, in the session, that the person at the kiosk is the named
 * detainee. `actor.user` is that officer; `through` is the kiosk's own login (theirs, or the room's device).
 */
export const attestIdentity = (
  db: Db,
  sessionId: string,
  actor: Actor,
  method: AttestMethod,
  idLast4: string | undefined,
  through: AuthUser,
) =>
  change(db, sessionId, actor, async (trx, s) => {
    if (!isOfficerOnDuty(actor.user, s)) throw Forbidden("only a custody officer of this room's center attests the detainee's identity");
    requireState(s, OPEN, 'attest identity');
    const detainee = s.participants.find((p) => p.sessionRole === 'detainee');
    const person = s.personId ? await personForBooking(trx, s.personId) : null;
    if (!detainee || !person) throw InvalidRequest('this session has no detainee');
    if (method === 'id_card' && idLast4?.toUpperCase() !== person.idNumberLast4) {
      throw InvalidRequest('the last four characters of the ID number do not match the detainee on record');
    }
    return {
      kind: 'identity_attested',
      subject: detainee.id,
      data: {
        method,
        detaineeName: detainee.displayName,
        officerName: actor.user.displayName,
        ...(through.id !== actor.user.id ? { kioskDeviceId: through.id, kioskLabel: through.displayName } : {}),
      },
    };
  });

/** A remote participant confirms their own identity for this hearing. */
export const confirmIdentity = (db: Db, sessionId: string, actor: Actor) =>
  change(db, sessionId, actor, async (trx, s) => {
    if (actor.endpoint !== 'user') throw Forbidden('the kiosk is vouched for by the custody officer');
    requireState(s, OPEN, 'confirm identity');
    const me = subjectOf(s, actor.participant.id);
    if (me.identityConfirmedAt) return null;
    await repo.setIdentityConfirmed(trx, me.id, new Date());
    return { kind: 'identity_confirmed', subject: me.id, data: { sessionRole: me.sessionRole } };
  });

/** Consent to an online hearing: a party for themselves in the session, or a host recording it (who, when, how). */
export const recordConsent = (
  db: Db,
  sessionId: string,
  actor: Actor,
  subjectId: string,
  method: ConsentMethod,
  note: string | undefined,
) =>
  change(db, sessionId, actor, async (_trx, s) => {
    const self = subjectId === actor.participant.id && actor.endpoint === 'user';
    if (!(self && method === 'in_session')) requireHost(s, actor, "record another party's consent");
    requireState(s, OPEN, 'record consent');
    const p = subjectOf(s, subjectId);
    return { kind: 'consent', subject: p.id, data: { method, sessionRole: p.sessionRole, ...(note ? { note } : {}) } };
  });

async function factsFor(db: Db | Trx, s: Session, present: ReadonlySet<string>) {
  const events = await listEvents(db, s.id, ['identity_attested', 'consent']);
  return {
    session: s,
    present,
    attested: events.some((e) => e.kind === 'identity_attested'),
    consented: new Set(events.filter((e) => e.kind === 'consent' && e.subjectParticipantId).map((e) => e.subjectParticipantId as string)),
  };
}

/** What other domains still need before a session is live (the lifecycle's checks, e.g. required tracks being recorded). */
type OtherUnmet = (s: Session) => Promise<Unmet[]>;

/** Refuses with policy_unmet while the law or another domain still needs something before questioning runs. */
async function requireLiveReady(trx: Trx, s: Session, present: ReadonlySet<string>, otherUnmet: OtherUnmet): Promise<void> {
  const unmet = [...liveUnmet(await factsFor(trx, s, present)), ...(await otherUnmet(s))];
  if (unmet.length) throw PolicyUnmet(unmet);
}

export const goLive = (db: Db, sessionId: string, actor: Actor, present: ReadonlySet<string>, otherUnmet: OtherUnmet) =>
  change(db, sessionId, actor, async (trx, s) => {
    requireHost(s, actor, 'start the session');
    requireState(s, ['lobby'], 'go live');
    await requireLiveReady(trx, s, present, otherUnmet);
    await repo.update(trx, s.id, { state: 'live', liveAt: new Date() });
    return { kind: 'went_live', data: { present: [...present] } };
  });

/** Equipment failure or another stop: questioning stops and the cause goes into the record. */
export const interrupt = (db: Db, sessionId: string, actor: Actor, reason: string) =>
  change(db, sessionId, actor, async (trx, s) => {
    requireHost(s, actor, 'interrupt the session');
    requireState(s, ['live'], 'interrupt');
    await repo.update(trx, s.id, { state: 'interrupted' });
    return { kind: 'interrupted', data: { reason } };
  });

export const resume = (db: Db, sessionId: string, actor: Actor, present: ReadonlySet<string>, otherUnmet: OtherUnmet) =>
  change(db, sessionId, actor, async (trx, s) => {
    requireHost(s, actor, 'resume the session');
    requireState(s, ['interrupted'], 'resume');
    await requireLiveReady(trx, s, present, otherUnmet);
    await repo.update(trx, s.id, { state: 'live' });
    return { kind: 'resumed', data: { present: [...present] } };
  });

/** `beforeEnd`: the other domains' conditions of ending, in this transaction (the lifecycle's guards: no unexplained recording gap). */
/** Ends the session; `inPerson`: an online hearing (a trial, a mediation) goes on in person instead, for `reason`. */
export const endSession = (
  db: Db,
  sessionId: string,
  actor: Actor,
  reason: string,
  beforeEnd: (trx: Trx, s: Session) => Promise<void>,
  inPerson = false,
) =>
  change(db, sessionId, actor, async (trx, s) => {
    requireHost(s, actor, 'end the session');
    requireState(s, OPEN, 'end');
    if (inPerson && !ONLINE_HEARINGS.includes(s.type))
      throw InvalidRequest(`a ${s.type} is not an online hearing that could be held in person instead`);
    await beforeEnd(trx, s);
    await repo.update(trx, s.id, { state: 'ended', endedAt: new Date(), endReason: inPerson ? `转为线下审理：${reason}` : reason });
    return { kind: 'ended', data: { reason, from: s.state, ...(inPerson ? { inPerson: true } : {}) } };
  });

/** Hearings that may be switched to in person (DOMAIN.md: an online criminal hearing may switch to in person). */
const ONLINE_HEARINGS: readonly SessionType[] = ['fast_track_trial', 'mediation'];

/** The system stops questioning (the server crashed or stopped while the session was live). */
export async function interruptBySystem(db: Db, sessionId: string, reason: string): Promise<void> {
  await db.transaction(async (trx) => {
    const s = await repo.lockById(trx, sessionId);
    if (s?.state !== 'live') return;
    await repo.update(trx, s.id, { state: 'interrupted' });
    await insertEvent(trx, {
      sessionId,
      kind: 'interrupted',
      actorUserId: null,
      actorParticipantId: null,
      subjectParticipantId: null,
      data: { reason, by: 'system' },
    });
    await audit.record(trx, {
      actorUserId: null,
      agencyId: null,
      action: 'session.interrupted',
      objectType: 'session',
      objectId: sessionId,
      outcome: 'success',
      detail: { reason, by: 'system' },
    });
  });
}

/** Another login or device took over the detainee's kiosk endpoint (the earlier one is cut off). */
export const kioskReplaced = (db: Db, sessionId: string, actor: Actor, previous: AuthUser) =>
  change(db, sessionId, actor, async () => ({
    kind: 'kiosk_replaced',
    subject: actor.participant.id,
    data: { byName: actor.user.displayName, byRole: actor.user.role, previousName: previous.displayName, previousRole: previous.role },
  }));
