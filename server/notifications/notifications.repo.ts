// SQL for the notification outbox.
import type { Db, Trx } from '../db/db';
import type { NotificationKind, NotificationState } from '../vocabulary';

type Q = Db | Trx;

export type Notice = {
  id: string;
  kind: NotificationKind;
  /** A user, or (for a complainant or victim without an account) a case contact. */
  recipientUserId: string | null;
  recipientContactId: string | null;
  caseId: string | null;
  sessionId: string | null;
  mobile: string | null;
  body: string;
  /** A sealed secret the text carries ({code} in the body), unsealed only to send it. */
  secretEnc: string | null;
  state: NotificationState;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

type Row = {
  id: string;
  kind: NotificationKind;
  recipient_user_id: string | null;
  recipient_contact_id: string | null;
  case_id: string | null;
  session_id: string | null;
  mobile: string | null;
  body: string;
  secret_enc: string | null;
  state: NotificationState;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
};
const toNotice = (r: Row): Notice => ({
  id: r.id,
  kind: r.kind,
  recipientUserId: r.recipient_user_id,
  recipientContactId: r.recipient_contact_id,
  caseId: r.case_id,
  sessionId: r.session_id,
  mobile: r.mobile,
  body: r.body,
  secretEnc: r.secret_enc,
  state: r.state,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

export type Recipient = { userId: string; mobile: string | null; role: string };

/** The session's listed users and the active custody officers of its room's center, each once, with their mobile. */
export async function recipientsOfSession(q: Q, sessionId: string): Promise<Recipient[]> {
  const rows = (await q
    .select('u.id', 'u.mobile', 'u.role')
    .from('users as u')
    .whereNull('u.disabled_at')
    .where((w) =>
      w
        .whereIn(
          'u.id',
          q('session_participants').select('user_id').where({ session_id: sessionId }).whereNotNull('user_id').whereNull('removed_at'),
        )
        .orWhere((o) =>
          o
            .where('u.role', 'custody_officer')
            .whereIn(
              'u.agency_id',
              q('sessions as s')
                .join('custody_rooms as r', 'r.id', 's.custody_room_id')
                .where('s.id', sessionId)
                .select('r.custody_center_id'),
            ),
        ),
    )) as { id: string; mobile: string | null; role: string }[];
  return rows.map((r) => ({ userId: r.id, mobile: r.mobile, role: r.role }));
}

export async function insertNotices(
  trx: Trx,
  rows: { kind: NotificationKind; recipientUserId: string; sessionId: string; mobile: string | null; body: string }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  await trx('notifications').insert(
    rows.map((r) => ({
      kind: r.kind,
      recipient_user_id: r.recipientUserId,
      session_id: r.sessionId,
      mobile: r.mobile,
      body: r.body,
      state: r.mobile ? 'pending' : 'in_app',
    })),
  );
  return rows.length;
}

/** An invitation to a guest, its code sealed (SMS only: the guest cannot log in before redeeming it). */
export async function insertInvitationNotice(
  trx: Trx,
  n: { recipientUserId: string; sessionId: string; mobile: string; body: string; secretEnc: string },
): Promise<void> {
  await trx('notifications').insert({
    kind: 'mediation_invitation',
    recipient_user_id: n.recipientUserId,
    session_id: n.sessionId,
    mobile: n.mobile,
    body: n.body,
    secret_enc: n.secretEnc,
    state: 'pending',
  });
}

/** Notices to a case's contacts (SMS only: they have no account to see them in). */
export async function insertContactNotices(
  trx: Trx,
  rows: { kind: NotificationKind; contactId: string; caseId: string; mobile: string; body: string }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  await trx('notifications').insert(
    rows.map((r) => ({
      kind: r.kind,
      recipient_contact_id: r.contactId,
      case_id: r.caseId,
      mobile: r.mobile,
      body: r.body,
      state: 'pending',
    })),
  );
  return rows.length;
}

export async function listForCase(q: Q, caseId: string): Promise<Notice[]> {
  return ((await q('notifications').where({ case_id: caseId }).orderBy('created_at')) as Row[]).map(toNotice);
}

/**
 * Claims due pending notices for `leaseMs` (SKIP LOCKED: another relay takes the others): their
 * next attempt moves past the lease, so a relay that dies while sending leaves them due again.
 */
export async function claimDue(trx: Trx, now: Date, limit: number, leaseMs: number): Promise<Notice[]> {
  const rows = (await trx('notifications')
    .where({ state: 'pending' })
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()) as Row[];
  if (rows.length)
    await trx('notifications')
      .whereIn(
        'id',
        rows.map((r) => r.id),
      )
      .update({ next_attempt_at: new Date(now.getTime() + leaseMs) });
  return rows.map(toNotice);
}

export async function markSent(trx: Trx, id: string, messageId: string, at: Date): Promise<void> {
  await trx('notifications')
    .where({ id })
    .update({ state: 'sent', sent_at: at, gateway_message_id: messageId, attempts: trx.raw('attempts + 1'), last_error: null });
}

export async function markAttemptFailed(trx: Trx, id: string, error: string, next: Date | null): Promise<void> {
  await trx('notifications')
    .where({ id })
    .update({
      attempts: trx.raw('attempts + 1'),
      last_error: error.slice(0, 500),
      ...(next ? { next_attempt_at: next } : { state: 'failed' }),
    });
}

export async function listForUser(q: Q, userId: string, limit = 50): Promise<Notice[]> {
  return ((await q('notifications').where({ recipient_user_id: userId }).orderBy('created_at', 'desc').limit(limit)) as Row[]).map(
    toNotice,
  );
}

export async function listForSession(q: Q, sessionId: string): Promise<(Notice & { recipientName: string })[]> {
  const rows = (await q('notifications as n')
    .leftJoin('users as u', 'u.id', 'n.recipient_user_id')
    .where('n.session_id', sessionId)
    .orderBy([{ column: 'n.created_at' }, { column: 'u.display_name' }])
    .select('n.*', 'u.display_name')) as (Row & { display_name: string | null })[];
  return rows.map((r) => ({ ...toNotice(r), recipientName: r.display_name ?? '' }));
}
