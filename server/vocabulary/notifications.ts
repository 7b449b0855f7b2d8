// Notices sent to people outside the session (the SMS gateway is an outside border): what they
// are about and where each one stands.
import type { Label } from './label';

export const NOTIFICATION_KINDS = [
  'session_booked',
  'session_rescheduled',
  'session_cancelled',
  'case_progress',
  'mediation_invitation',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** pending → sent, or failed after the last attempt; in_app: the recipient has no mobile number, so only the platform shows it. */
export const NOTIFICATION_STATES = ['pending', 'sent', 'failed', 'in_app'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** Attempts before a notice is given up as failed (with backoff between them). */
export const MAX_NOTIFICATION_ATTEMPTS = 6;

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, Label> = {
  session_booked: { 'zh-CN': '会话预约通知', en: 'Session booked' },
  session_rescheduled: { 'zh-CN': '会话改期通知', en: 'Session rescheduled' },
  session_cancelled: { 'zh-CN': '会话取消通知', en: 'Session cancelled' },
  case_progress: { 'zh-CN': '案件进展告知', en: 'Case progress' },
  mediation_invitation: { 'zh-CN': '调解邀请', en: 'Mediation invitation' },
};

export const NOTIFICATION_STATE_LABELS: Record<NotificationState, Label> = {
  pending: { 'zh-CN': '待发送', en: 'Pending' },
  sent: { 'zh-CN': '已发送', en: 'Sent' },
  failed: { 'zh-CN': '发送失败', en: 'Failed' },
  in_app: { 'zh-CN': '站内通知', en: 'In the platform' },
};
