import type { SessionRole, Endpoint, MediaSource } from '../realtime/events';

export const SESSION_TYPES = [
  'interrogation',
  'procuratorate_interrogation',
  'plea',
  'lawyer_meeting',
  'fast_track_trial',
  'mediation',
] as const;
export type SessionType = (typeof SESSION_TYPES)[number];
export const SESSION_STATES = ['scheduled', 'lobby', 'live', 'ended', 'cancelled', 'interrupted'] as const;
export type SessionState = (typeof SESSION_STATES)[number];
export const SESSION_ROLES: readonly SessionRole[] = [
  'investigator',
  'prosecutor',
  'judge',
  'clerk',
  'defence_lawyer',
  'duty_lawyer',
  'custody_officer',
  'detainee',
  'interpreter',
  'observer',
];

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

export type ParticipantView = { id: string; userId: string | null; sessionRole: SessionRole; displayName: string };

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
  recording: 'mandatory' | 'forbidden' | 'optional';
};

export type { SessionRole, Endpoint, MediaSource };
