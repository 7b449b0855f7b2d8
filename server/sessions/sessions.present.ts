import type { AuthUser } from '../auth';
import { canChangeBooking, canOperateKiosk, participantOf, recordingPolicyFor } from './sessions.policy';
import type { Session, SessionView } from './sessions.types';

/** The only session shape that leaves the server. */
export const presentSession = (s: Session, viewer: AuthUser): SessionView => ({
  id: s.id,
  caseId: s.caseId,
  caseNumber: s.caseNumber,
  caseTitle: s.caseTitle,
  type: s.type,
  title: s.title,
  state: s.state,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  custodyRoomId: s.custodyRoomId,
  roomName: s.roomName,
  cancelReason: s.cancelReason,
  participants: s.participants.map((p) => ({ id: p.id, userId: p.userId, sessionRole: p.sessionRole, displayName: p.displayName })),
  myParticipantId: participantOf(viewer, s)?.id ?? null,
  canOpenKiosk: canOperateKiosk(viewer, s),
  canChangeBooking: canChangeBooking(viewer, s),
  recording: recordingPolicyFor(s.type),
});
