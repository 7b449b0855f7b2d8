// Civilian parties to a mediation (当事人) join without an account: the booking makes each a guest
// account bound to their participant entry and texts them a one-time code (through the
// notification outbox, the code sealed at rest). Redeeming the code on #/join opens a login of that
// guest account, which reaches only their session; the mediator checks who they are before
// admitting them from the lobby. A code works once, and never after the session ended or its slot
// is over.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import * as audit from '../audit';
import { type AuthOptions, type AuthUser, findUserForSystem, hashPassword, openLogin } from '../auth';
import type { Db, Trx } from '../db/db';
import { InvalidRequest, InvalidState, Unauthenticated } from '../errors';
import { queueInvitation } from '../notifications';
import type { Session } from '../sessions';
import { chinaWritten } from '../vocabulary';
import * as repo from './invitations.repo';

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normalise = (code: string) => code.toUpperCase().replace(/[^0-9A-Z]/g, '');
/** An invitation stays usable this long after the slot ends (a hearing that overruns). */
const AFTER_SLOT_MS = 30 * 60_000;

let joinBase = '';
/** The public address the invitation texts point to (PUBLIC_URL, or the address the platform listens on). */
export const useJoinBase = (url: string): void => {
  joinBase = url.replace(/\/+$/, '');
};

export type Party = { name: string; mobile: string };
export type Guest = Party & { userId: string };

/** Makes a guest account for each party (no usable password), in the booking's transaction. */
export async function makeGuests(trx: Trx, organiser: AuthUser, parties: Party[]): Promise<Guest[]> {
  if (parties.length === 0) return [];
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  const out: Guest[] = [];
  for (const p of parties) {
    const userId = await repo.insertGuest(trx, {
      agencyId: organiser.agencyId,
      username: `guest-${randomBytes(6).toString('hex')}`,
      displayName: p.name,
      passwordHash,
      // NOTE: a later rescheduling or cancellation reaches the party by SMS like anyone listed.
      mobile: p.mobile,
    });
    out.push({ ...p, userId });
  }
  return out;
}

/** Creates each party's one-time invitation and queues its SMS, once the session and its participants exist. */
export async function inviteParties(trx: Trx, s: Session, guests: Guest[], organiser: AuthUser): Promise<void> {
  for (const g of guests) {
    const participant = s.participants.find((p) => p.userId === g.userId);
    if (!participant) throw new Error(`party ${g.userId} is not a participant of session ${s.id}`);
    const raw = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
    const invitationId = await repo.insertInvitation(trx, {
      sessionId: s.id,
      participantId: participant.id,
      guestUserId: g.userId,
      codeHash: sha256(raw),
      expiresAt: new Date(s.endsAt.getTime() + AFTER_SLOT_MS),
    });
    await queueInvitation(trx, {
      guestUserId: g.userId,
      sessionId: s.id,
      mobile: g.mobile,
      body: `【远程提讯庭审平台】${g.name}您好：您受邀于${chinaWritten(s.startsAt)}参加调解（案号${s.caseNumber}）。请届时打开 ${joinBase}/#/join 输入邀请码 {code}（仅可使用一次）。`,
      secret: code,
    });
    await audit.record(trx, {
      actorUserId: organiser.id,
      agencyId: organiser.agencyId,
      action: 'invitation.create',
      objectType: 'session',
      objectId: s.id,
      outcome: 'success',
      detail: { invitationId, participantId: participant.id },
    });
  }
}

/** Redeems a code: the invitation is used up and a login of the party's guest account opens. */
export async function redeem(db: Db, auth: AuthOptions, code: string, now = new Date()) {
  const found = await db.transaction(async (trx) => {
    const inv = await repo.lockByCode(trx, sha256(normalise(code)));
    if (!inv) return null;
    const state = await repo.sessionState(trx, inv.sessionId);
    const refuse = inv.redeemedAt ? 'used' : inv.expiresAt <= now || state === 'ended' || state === 'cancelled' ? 'over' : null;
    await audit.record(trx, {
      actorUserId: inv.guestUserId,
      agencyId: null,
      action: 'invitation.redeem',
      objectType: 'session',
      objectId: inv.sessionId,
      outcome: refuse ? 'denied' : 'success',
      detail: { invitationId: inv.id, ...(refuse ? { reason: refuse } : {}) },
    });
    if (!refuse) await repo.markRedeemed(trx, inv.id, now);
    return { inv, refuse };
  });
  if (!found) throw Unauthenticated('the invitation code is wrong');
  if (found.refuse === 'used') throw InvalidState('the invitation', 'used', 'each invitation code works once; ask the mediator for help');
  if (found.refuse === 'over') throw InvalidState('the invitation', 'expired', 'the session is over');
  const guest = await findUserForSystem(db, found.inv.guestUserId);
  const login = await openLogin(db, auth, guest, 'auth.login', { via: 'invitation' });
  return { ...login, sessionId: found.inv.sessionId };
}

/** Parties are for mediations only. */
export function checkParties(type: string, parties: Party[]): void {
  if (parties.length && type !== 'mediation') throw InvalidRequest('parties: only a mediation invites parties without an account');
}
