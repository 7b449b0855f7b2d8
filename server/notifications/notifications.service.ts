// Notices to the people a session concerns: queued in the transaction of the act they announce
// (booking, rescheduling, cancelling), so a notice exists exactly when its act committed. Each is
// sent by SMS when the recipient has a mobile number (notifications.relay.ts) and is always shown
// in the platform. The text names the case number, type, time and room, never a detainee or an
// ID number. Queuing and every send attempt are audited.
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import type { Db, Trx } from '../db/db';
import type { Session } from '../sessions';
import { chinaDisplay, chinaWritten, type NotificationKind, SESSION_TYPE_LABELS } from '../vocabulary';
import * as repo from './notifications.repo';

const SIGNATURE = '【远程提讯庭审平台】';

function bodyOf(kind: NotificationKind, s: Session, reason?: string): string {
  const what = `${SESSION_TYPE_LABELS[s.type]['zh-CN']}（案号${s.caseNumber}）`;
  const when = `${chinaWritten(s.startsAt)}至${chinaDisplay(s.endsAt).slice(11, 16)}`;
  const where = s.roomName ? `，${s.roomName}` : '';
  if (kind === 'session_booked') return `${SIGNATURE}${what}已预约：${when}${where}。请届时登录平台参加。`;
  if (kind === 'session_rescheduled') return `${SIGNATURE}${what}已改期至${when}${where}，原因：${reason ?? ''}。`;
  return `${SIGNATURE}${what}（原定${when}）已取消，原因：${reason ?? ''}。`;
}

/** Queues the notice of an act on a session (as it is after the act) to everyone it concerns, in the act's transaction. */
export async function queueSessionNotices(
  trx: Trx,
  s: Session,
  kind: NotificationKind,
  actor: { userId: string; agencyId: string },
  reason?: string,
): Promise<number> {
  const sessionId = s.id;
  const recipients = await repo.recipientsOfSession(trx, sessionId);
  const body = bodyOf(kind, s, reason);
  const n = await repo.insertNotices(
    trx,
    recipients.map((r) => ({ kind, recipientUserId: r.userId, sessionId, mobile: r.mobile, body })),
  );
  await audit.record(trx, {
    actorUserId: actor.userId,
    agencyId: actor.agencyId,
    action: 'notification.queue',
    objectType: 'session',
    objectId: sessionId,
    outcome: 'success',
    detail: { kind, recipients: n, bySms: recipients.filter((r) => r.mobile).length },
  });
  return n;
}

const masked = (mobile: string | null) => (mobile ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : null);

export type NoticeView = {
  id: string;
  kind: NotificationKind;
  sessionId: string | null;
  body: string;
  state: repo.Notice['state'];
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  mobileMasked: string | null;
};
const view = (n: repo.Notice): NoticeView => ({
  id: n.id,
  kind: n.kind,
  sessionId: n.sessionId,
  body: n.body,
  state: n.state,
  attempts: n.attempts,
  createdAt: n.createdAt.toISOString(),
  sentAt: n.sentAt?.toISOString() ?? null,
  mobileMasked: masked(n.mobile),
});

/** My notices, newest first. */
export const myNotices = async (db: Db, user: AuthUser): Promise<NoticeView[]> => (await repo.listForUser(db, user.id)).map(view);

/** Who was told what about a session and where each notice stands (the caller checked who may see it). */
export async function sessionNotices(db: Db, sessionId: string) {
  return (await repo.listForSession(db, sessionId)).map((n) => ({ ...view(n), recipientName: n.recipientName, lastError: n.lastError }));
}
