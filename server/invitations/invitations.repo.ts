// SQL for mediation invitations: the guest account of an invited party and its one-time code.
import type { Db, Trx } from '../db/db';
import { GUEST_ROLE } from '../vocabulary';

type Q = Db | Trx;

export async function insertGuest(
  trx: Trx,
  g: { agencyId: string; username: string; displayName: string; passwordHash: string; mobile: string },
): Promise<string> {
  const [row] = (await trx('users')
    .insert({
      agency_id: g.agencyId,
      username: g.username,
      display_name: g.displayName,
      role: GUEST_ROLE,
      password_hash: g.passwordHash,
      mobile: g.mobile,
    })
    .returning('id')) as { id: string }[];
  return (row as { id: string }).id;
}

export async function insertInvitation(
  trx: Trx,
  i: { sessionId: string; participantId: string; guestUserId: string; codeHash: string; expiresAt: Date },
): Promise<string> {
  const [row] = (await trx('session_invitations')
    .insert({
      session_id: i.sessionId,
      participant_id: i.participantId,
      guest_user_id: i.guestUserId,
      code_hash: i.codeHash,
      expires_at: i.expiresAt,
    })
    .returning('id')) as { id: string }[];
  return (row as { id: string }).id;
}

export type Invitation = {
  id: string;
  sessionId: string;
  participantId: string;
  guestUserId: string;
  expiresAt: Date;
  redeemedAt: Date | null;
};

export async function lockByCode(trx: Trx, codeHash: string): Promise<Invitation | null> {
  const r = (await trx('session_invitations').where({ code_hash: codeHash }).forUpdate().first()) as
    | { id: string; session_id: string; participant_id: string; guest_user_id: string; expires_at: Date; redeemed_at: Date | null }
    | undefined;
  return r
    ? {
        id: r.id,
        sessionId: r.session_id,
        participantId: r.participant_id,
        guestUserId: r.guest_user_id,
        expiresAt: r.expires_at,
        redeemedAt: r.redeemed_at,
      }
    : null;
}

export async function markRedeemed(trx: Trx, id: string, at: Date): Promise<void> {
  await trx('session_invitations').where({ id }).update({ redeemed_at: at });
}

export async function sessionState(q: Q, sessionId: string): Promise<string | null> {
  const row = (await q('sessions').where({ id: sessionId }).first('state')) as { state: string } | undefined;
  return row?.state ?? null;
}
