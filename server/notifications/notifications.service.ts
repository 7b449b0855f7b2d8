// Notices to the people a session concerns: queued in the transaction of the act they announce
// (booking, rescheduling, cancelling), so a notice exists exactly when its act committed. Each is
// sent by SMS when the recipient has a mobile number (notifications.relay.ts) and is always shown
// in the platform. The text names the case number, type, time and room, never a detainee or an
// ID number. Queuing and every send attempt are audited.
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import type { Db, Trx } from '../db/db';
import type { Session } from '../sessions';
import { chinaDisplay, chinaWritten, GUEST_ROLE, type NotificationKind, SESSION_TYPE_LABELS } from '../vocabulary';
import { seal } from '../security/sensitive';
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
  // NOTE: an invited party's booking notice is their invitation (sent separately, with its code).
  const recipients = (await repo.recipientsOfSession(trx, sessionId)).filter((r) => kind !== 'session_booked' || r.role !== GUEST_ROLE);
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
  body: n.body.replace('{code}', '**********'),
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

/** Queues a party's invitation SMS; `secret` (the code) replaces {code} in the body only when it is sent. */
export async function queueInvitation(
  trx: Trx,
  i: { guestUserId: string; sessionId: string; mobile: string; body: string; secret: string },
): Promise<void> {
  await repo.insertInvitationNotice(trx, {
    recipientUserId: i.guestUserId,
    sessionId: i.sessionId,
    mobile: i.mobile,
    body: i.body,
    secretEnc: seal(i.secret),
  });
}

/** What happened to a case that its complainant and victim are told of (执法公开). */
export type CaseProgress =
  | { event: 'registered'; roleLabel: string }
  | { event: 'sent'; agencyName: string }
  | { event: 'stage'; stageLabel: string };

function progressBody(caseNumber: string, p: CaseProgress): string {
  const c = `案件（案号${caseNumber}）`;
  if (p.event === 'registered') return `${SIGNATURE}您已登记为${c}的${p.roleLabel}，案件办理进展将以短信告知。`;
  if (p.event === 'sent') return `${SIGNATURE}您的${c}已移送${p.agencyName}办理。`;
  return `${SIGNATURE}您的${c}已进入${p.stageLabel}阶段。`;
}

/** Queues a case-progress SMS to the case's contacts, in the transaction of the act; audited. */
export async function queueCaseProgress(
  trx: Trx,
  kase: { id: string; caseNumber: string },
  contacts: { id: string; mobile: string }[],
  progress: CaseProgress,
  actor: { userId: string; agencyId: string },
): Promise<number> {
  const body = progressBody(kase.caseNumber, progress);
  const n = await repo.insertContactNotices(
    trx,
    contacts.map((c) => ({ kind: 'case_progress', contactId: c.id, caseId: kase.id, mobile: c.mobile, body })),
  );
  if (n)
    await audit.record(trx, {
      actorUserId: actor.userId,
      agencyId: actor.agencyId,
      action: 'notification.queue',
      objectType: 'case',
      objectId: kase.id,
      outcome: 'success',
      detail: { kind: 'case_progress', event: progress.event, recipients: n, bySms: n },
    });
  return n;
}

/** The case-progress notices of a case (the caller checked who may see it). */
export const caseNotices = async (db: Db, caseId: string): Promise<NoticeView[]> => (await repo.listForCase(db, caseId)).map(view);
