/** The notification outbox: notices queued with the acts they announce, sent by SMS through a gateway. */
export {
  caseNotices,
  queueCaseProgress,
  queueInvitation,
  queueSessionNotices,
  sessionNotices,
  type CaseProgress,
  type NoticeView,
} from './notifications.service';
export { startNotificationRelay } from './notifications.relay';
export { HttpSmsGateway, type SmsGateway, type SmsMessage } from './notifications.gateway';
/** Routes under /api/notifications/mine (a session's notices are read under /api/sessions). */
export { notificationRoutes } from './notifications.routes';
