import type { Endpoint, RecordingPolicy, SessionRole, SessionState, SessionType } from '../vocabulary';
export type { Endpoint, MediaSource, SessionRole, SessionState, SessionType } from '../vocabulary';

export type Participant = {
  id: string;
  sessionId: string;
  userId: string | null;
  sessionRole: SessionRole;
  displayName: string;
  admittedAt: Date | null;
  identityConfirmedAt: Date | null;
};

export type Session = {
  id: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  type: SessionType;
  title: string;
  state: SessionState;
  startsAt: Date;
  endsAt: Date;
  createdBy: string;
  custodyRoomId: string | null;
  roomName: string | null;
  custodyCenterId: string | null;
  personId: string | null;
  locked: boolean;
  cancelReason: string | null;
  liveAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  participants: Participant[];
};

/** Who a socket represents once it joined: a participant, through a user login or the kiosk. */
export type JoinIdentity = { session: Session; participant: Participant; endpoint: Endpoint };

type ParticipantView = { id: string; userId: string | null; sessionRole: SessionRole; displayName: string };

export type SessionView = {
  id: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  type: SessionType;
  title: string;
  state: SessionState;
  startsAt: string;
  endsAt: string;
  custodyRoomId: string | null;
  roomName: string | null;
  cancelReason: string | null;
  participants: ParticipantView[];
  /** What the viewing user may do with this session. */
  myParticipantId: string | null;
  canOpenKiosk: boolean;
  canChangeBooking: boolean;
  recording: RecordingPolicy;
};
