// The law for each session type (DOMAIN.md "Session types and recording policy"): who organises,
// who hosts, who may be listed, who must be present to go live, whose consent is needed,
// whether recording is mandatory or forbidden, and which procedural phases apply.
import type { AuthUser, UserRole } from '../auth';
import type { Unmet } from '../errors';
import type { Participant, Session, SessionRole, SessionType } from './sessions.types';
import { DEVICE_ROLE, LAWYER_ROLES, ORGANISERS, type Phase, type RecordingPolicy } from '../vocabulary';
export type { Phase, RecordingPolicy } from '../vocabulary';

type Need = { roles: readonly SessionRole[]; min: number; code: string };

export type TypePolicy = {
  /** Account roles that may book this type. */
  organisers: readonly UserRole[];
  /** Session roles that admit from the lobby, moderate and change the session's state. */
  hosts: readonly SessionRole[];
  /** Session roles that may be listed at all. */
  allowed: readonly SessionRole[];
  /** Session roles that must be staff of the organiser's own agency (the officials who act, not the parties). */
  ownAgency: readonly SessionRole[];
  detainee: 'required' | 'none';
  /** Listed at booking and present (admitted, connected) to go live. */
  needs: readonly Need[];
  /** Session roles whose consent to an online hearing must be on record before it goes live. */
  consentFrom: readonly SessionRole[];
  recording: RecordingPolicy;
  phases: readonly Phase[];
  /** Session roles that type the record (笔录). */
  transcriptEditors: readonly SessionRole[];
  /** How the person questioned writes 「以上笔录我看过，和我说的相符」: by hand on the pad, or by confirming it typed. */
  closing: 'handwritten' | 'typed';
};

const LAWYERS: readonly SessionRole[] = LAWYER_ROLES;
const SUPPORT: readonly SessionRole[] = ['interpreter', 'observer'];

export const POLICIES: Record<SessionType, TypePolicy> = {
  interrogation: {
    organisers: ORGANISERS.interrogation,
    ownAgency: ['investigator'],
    hosts: ['investigator'],
    allowed: ['investigator', 'prosecutor', 'custody_officer', 'interpreter', 'detainee'],
    detainee: 'required',
    needs: [{ roles: ['investigator'], min: 2, code: 'two_investigators' }],
    consentFrom: [],
    recording: 'mandatory',
    phases: ['identity_check', 'rights_notice', 'questioning', 'evidence'],
    transcriptEditors: ['investigator'],
    closing: 'handwritten',
  },
  procuratorate_interrogation: {
    organisers: ORGANISERS.procuratorate_interrogation,
    ownAgency: ['prosecutor', 'clerk'],
    hosts: ['prosecutor'],
    allowed: ['prosecutor', 'clerk', 'investigator', 'custody_officer', 'interpreter', 'detainee'],
    detainee: 'required',
    needs: [
      { roles: ['prosecutor', 'clerk'], min: 2, code: 'two_officials' },
      { roles: ['prosecutor'], min: 1, code: 'prosecutor' },
    ],
    consentFrom: [],
    recording: 'mandatory',
    phases: ['identity_check', 'rights_notice', 'questioning', 'evidence'],
    transcriptEditors: ['prosecutor', 'clerk'],
    closing: 'handwritten',
  },
  plea: {
    organisers: ORGANISERS.plea,
    ownAgency: ['prosecutor', 'clerk'],
    hosts: ['prosecutor'],
    allowed: ['prosecutor', 'clerk', ...LAWYERS, 'custody_officer', ...SUPPORT, 'detainee'],
    detainee: 'required',
    needs: [
      { roles: ['prosecutor'], min: 1, code: 'prosecutor' },
      { roles: LAWYERS, min: 1, code: 'lawyer' },
    ],
    consentFrom: [],
    recording: 'mandatory',
    phases: ['identity_check', 'rights_notice', 'evidence', 'plea'],
    transcriptEditors: ['prosecutor', 'clerk'],
    closing: 'handwritten',
  },
  lawyer_meeting: {
    // NOTE: CPL 39 / 律师法 33: the meeting is not monitored; no official may be listed and nothing is recorded.
    organisers: ORGANISERS.lawyer_meeting,
    ownAgency: [],
    hosts: [...LAWYERS],
    allowed: [...LAWYERS, 'custody_officer', 'interpreter', 'detainee'],
    detainee: 'required',
    needs: [{ roles: LAWYERS, min: 1, code: 'lawyer' }],
    consentFrom: [],
    recording: 'forbidden',
    phases: [],
    transcriptEditors: [],
    closing: 'typed',
  },
  fast_track_trial: {
    organisers: ORGANISERS.fast_track_trial,
    ownAgency: ['judge', 'clerk'],
    hosts: ['judge', 'clerk'],
    allowed: ['judge', 'clerk', 'prosecutor', ...LAWYERS, 'custody_officer', ...SUPPORT, 'detainee'],
    detainee: 'required',
    needs: [
      { roles: ['judge'], min: 1, code: 'judge' },
      { roles: ['clerk'], min: 1, code: 'clerk' },
      { roles: ['prosecutor'], min: 1, code: 'prosecutor' },
    ],
    consentFrom: ['prosecutor', 'detainee', ...LAWYERS],
    recording: 'mandatory',
    phases: ['identity_check', 'rights_notice', 'plea', 'evidence', 'final_statement', 'judgment'],
    transcriptEditors: ['clerk'],
    closing: 'typed',
  },
  mediation: {
    organisers: ORGANISERS.mediation,
    ownAgency: [],
    hosts: ['judge', 'clerk', 'prosecutor', 'investigator', 'mediator'],
    allowed: ['judge', 'clerk', 'prosecutor', 'investigator', 'mediator', ...LAWYERS, ...SUPPORT, 'party'],
    detainee: 'none',
    needs: [{ roles: ['judge', 'clerk', 'prosecutor', 'investigator', 'mediator'], min: 1, code: 'host' }],
    consentFrom: [],
    recording: 'optional',
    phases: ['identity_check', 'rights_notice', 'questioning'],
    transcriptEditors: ['clerk', 'investigator', 'mediator'],
    closing: 'typed',
  },
};

export const policyOf = (type: SessionType): TypePolicy => POLICIES[type];
export const recordingPolicyFor = (type: SessionType): RecordingPolicy => POLICIES[type].recording;
export const isHostRole = (type: SessionType, role: SessionRole): boolean => POLICIES[type].hosts.includes(role);

/** Which session roles an account role may hold. */
const SESSION_ROLES_OF: Record<UserRole, readonly SessionRole[]> = {
  investigator: ['investigator'],
  prosecutor: ['prosecutor'],
  judge: ['judge'],
  clerk: ['clerk'],
  lawyer: LAWYERS,
  custody_officer: ['custody_officer'],
  interpreter: ['interpreter'],
  observer: ['observer'],
  admin: [],
  kiosk_device: [],
  mediator: ['mediator'],
  party_guest: ['party'],
};
export const mayHoldRole = (userRole: UserRole, sessionRole: SessionRole): boolean => SESSION_ROLES_OF[userRole].includes(sessionRole);
export const canOrganise = (user: AuthUser, type: SessionType): boolean => POLICIES[type].organisers.includes(user.role);

/** What the listed participants lack for this type (checked at booking). */
export function bookingUnmet(type: SessionType, roles: readonly SessionRole[]): Unmet[] {
  const p = POLICIES[type];
  const unmet: Unmet[] = [];
  for (const r of roles) if (!p.allowed.includes(r)) unmet.push({ code: 'role_not_allowed', role: r });
  for (const n of p.needs)
    if (roles.filter((r) => n.roles.includes(r)).length < n.min) unmet.push({ code: `needs_${n.code}`, role: n.roles.join('|') });
  if (p.detainee === 'required') {
    if (!roles.includes('detainee')) unmet.push({ code: 'needs_detainee' });
    if (!roles.includes('custody_officer')) unmet.push({ code: 'needs_custody_officer' });
  }
  return unmet;
}

/** The state of a session that decides whether it may go live. */
export type LiveFacts = {
  session: Session;
  /** Participant ids admitted and connected right now. */
  present: ReadonlySet<string>;
  attested: boolean;
  consented: ReadonlySet<string>;
};

/** What is missing before the host may take the session live. */
export function liveUnmet(f: LiveFacts): Unmet[] {
  const p = POLICIES[f.session.type];
  const here = f.session.participants.filter((x) => f.present.has(x.id));
  const unmet: Unmet[] = [];
  for (const n of p.needs) {
    if (here.filter((x) => n.roles.includes(x.sessionRole)).length < n.min)
      unmet.push({ code: `present_${n.code}`, role: n.roles.join('|') });
  }
  const detainee = f.session.participants.find((x) => x.sessionRole === 'detainee');
  if (p.detainee === 'required') {
    if (!detainee || !f.present.has(detainee.id)) unmet.push({ code: 'present_detainee', role: 'detainee' });
    if (!f.attested) unmet.push({ code: 'identity_attestation', role: 'custody_officer' });
  }
  for (const x of here) {
    if (x.userId && x.sessionRole !== 'custody_officer' && !x.identityConfirmedAt)
      unmet.push({ code: 'identity_confirmation', participantId: x.id, role: x.sessionRole });
  }
  // NOTE: every party whose consent is required (prosecutor, defendant, listed defence) must be there and have consented.
  for (const x of f.session.participants.filter((y) => p.consentFrom.includes(y.sessionRole))) {
    if (x.sessionRole !== 'detainee' && !f.present.has(x.id))
      unmet.push({ code: 'present_party', participantId: x.id, role: x.sessionRole });
    if (!f.consented.has(x.id)) unmet.push({ code: 'consent', participantId: x.id, role: x.sessionRole });
  }
  return unmet;
}

// --- who may see a session and open its kiosk ---

/** The user's own participant entry, if listed and not removed. */
export const participantOf = (user: AuthUser, s: Session): Participant | undefined => s.participants.find((p) => p.userId === user.id);

/**
 * A custody officer of the center whose room the session is booked in (the officer on duty,
 * listed at booking or not) operates the detainee's kiosk endpoint; so does that room's kiosk device.
 */
export const canOperateKiosk = (user: AuthUser, s: Session, deviceRoomId: string | null = null): boolean =>
  s.participants.some((p) => p.sessionRole === 'detainee') &&
  (isOfficerOnDuty(user, s) || (user.role === DEVICE_ROLE && deviceRoomId !== null && deviceRoomId === s.custodyRoomId));

/** A custody officer listed on the session, or of the custody center whose room it is booked in. */
export const isOfficerOnDuty = (user: Pick<AuthUser, 'id' | 'role' | 'agencyId'>, s: Session): boolean =>
  user.role === 'custody_officer' &&
  (s.participants.some((p) => p.userId === user.id && p.sessionRole === 'custody_officer') ||
    (s.custodyCenterId !== null && s.custodyCenterId === user.agencyId));

/** Listed participants see a session; the custody center sees the sessions in its rooms (metadata). */
export const canViewSession = (user: AuthUser, s: Session): boolean =>
  participantOf(user, s) !== undefined || (user.role === 'custody_officer' && s.custodyCenterId === user.agencyId);

/** Who may cancel or reschedule: the organiser, a host of the session, or the custody center holding the room. */
export const canChangeBooking = (user: AuthUser, s: Session): boolean => {
  const me = participantOf(user, s);
  return (
    s.createdBy === user.id ||
    (me !== undefined && isHostRole(s.type, me.sessionRole)) ||
    (user.role === 'custody_officer' && s.custodyCenterId === user.agencyId)
  );
};
