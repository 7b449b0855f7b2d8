// The law per session type, grants per role, and custody-room windows: pure rules, no I/O.
import { classifyExit } from '../../server/recording/recording.exit';
import { fitsWindows } from '../../server/rooms/rooms.windows';
import { canPublish, grantsFor } from '../../server/sessions/sessions.grants';
import { bookingUnmet, liveUnmet, POLICIES, recordingPolicyFor } from '../../server/sessions/sessions.policy';
import type { Participant, Session, SessionRole, SessionType } from '../../server/sessions/sessions.types';

const participant = (id: string, sessionRole: SessionRole, confirmed = true): Participant => ({
  id,
  sessionId: 's',
  userId: sessionRole === 'detainee' ? null : `u-${id}`,
  sessionRole,
  displayName: id,
  admittedAt: null,
  identityConfirmedAt: confirmed ? new Date() : null,
});
const session = (type: SessionType, parts: Participant[]): Session => ({
  id: 's',
  caseId: 'c',
  caseNumber: 'n',
  caseTitle: 't',
  type,
  title: 't',
  state: 'lobby',
  startsAt: new Date(),
  endsAt: new Date(),
  createdBy: 'u',
  custodyRoomId: 'r',
  roomName: 'r',
  custodyCenterId: 'k',
  personId: 'p',
  locked: false,
  cancelReason: null,
  liveAt: null,
  endedAt: null,
  endReason: null,
  participants: parts,
});

describe('recording policy', () => {
  it('forbids recording a lawyer meeting and requires it for interrogations, plea hearings and trials', () => {
    expect(recordingPolicyFor('lawyer_meeting')).toBe('forbidden');
    for (const t of ['interrogation', 'procuratorate_interrogation', 'plea', 'fast_track_trial'] as const)
      expect(recordingPolicyFor(t)).toBe('mandatory');
  });
  it('lists no official, no transcript and no phases for a lawyer meeting', () => {
    const p = POLICIES.lawyer_meeting;
    for (const r of ['investigator', 'prosecutor', 'judge', 'clerk', 'observer'] as const) expect(p.allowed).not.toContain(r);
    expect(p.transcriptEditors).toEqual([]);
    expect(p.phases).toEqual([]);
  });
});

describe('grants per session role', () => {
  it('lets the detainee kiosk send camera and microphone but never a screen or evidence', () => {
    expect(canPublish('interrogation', 'detainee', 'camera')).toBe(true);
    expect(canPublish('interrogation', 'detainee', 'microphone')).toBe(true);
    expect(canPublish('interrogation', 'detainee', 'screen')).toBe(false);
    expect(canPublish('interrogation', 'detainee', 'evidence')).toBe(false);
    expect(grantsFor('interrogation', 'detainee').moderate).toBe(false);
  });
  it('lets an observer only watch', () => {
    expect(grantsFor('fast_track_trial', 'observer')).toEqual({ publish: [], subscribe: true, moderate: false, editTranscript: false });
  });
  it('makes the judge and clerk hosts of a trial, the clerk its transcript editor, and the defence neither', () => {
    expect(grantsFor('fast_track_trial', 'judge').moderate).toBe(true);
    expect(grantsFor('fast_track_trial', 'clerk')).toMatchObject({ moderate: true, editTranscript: true });
    expect(grantsFor('fast_track_trial', 'defence_lawyer')).toMatchObject({ moderate: false, editTranscript: false });
    expect(grantsFor('plea', 'duty_lawyer').moderate).toBe(false);
  });
});

describe('who must be listed at booking', () => {
  it('needs two investigators, the detainee and a custody officer for a police interrogation', () => {
    expect(bookingUnmet('interrogation', ['investigator', 'detainee', 'custody_officer'])).toEqual([
      { code: 'needs_two_investigators', role: 'investigator' },
    ]);
    expect(bookingUnmet('interrogation', ['investigator', 'investigator', 'detainee', 'custody_officer'])).toEqual([]);
  });
  it('needs a defence or duty lawyer for a plea hearing', () => {
    expect(bookingUnmet('plea', ['prosecutor', 'detainee', 'custody_officer']).map((u) => u.code)).toEqual(['needs_lawyer']);
    expect(bookingUnmet('plea', ['prosecutor', 'duty_lawyer', 'detainee', 'custody_officer'])).toEqual([]);
  });
  it('needs judge, clerk, prosecutor and defendant for a fast-track trial', () => {
    expect(bookingUnmet('fast_track_trial', ['judge', 'detainee', 'custody_officer']).map((u) => u.code)).toEqual([
      'needs_clerk',
      'needs_prosecutor',
    ]);
  });
  it('refuses an official in a lawyer meeting', () => {
    expect(bookingUnmet('lawyer_meeting', ['defence_lawyer', 'investigator', 'detainee', 'custody_officer'])).toEqual([
      { code: 'role_not_allowed', role: 'investigator' },
    ]);
  });
});

describe('what must hold before going live', () => {
  const inv1 = participant('i1', 'investigator');
  const inv2 = participant('i2', 'investigator');
  const det = participant('d', 'detainee');
  const cust = participant('c', 'custody_officer', false);
  const s = session('interrogation', [inv1, inv2, det, cust]);
  it('names everything missing: the second official, the detainee, the attestation', () => {
    expect(liveUnmet({ session: s, present: new Set(['i1']), attested: false, consented: new Set() }).map((u) => u.code)).toEqual([
      'present_two_investigators',
      'present_detainee',
      'identity_attestation',
    ]);
  });
  it('is satisfied when both officials and the attested detainee are present and identities are confirmed', () => {
    expect(liveUnmet({ session: s, present: new Set(['i1', 'i2', 'd']), attested: true, consented: new Set() })).toEqual([]);
  });
  it('requires every present remote participant to have confirmed their identity', () => {
    const late = session('interrogation', [inv1, participant('i3', 'investigator', false), det, cust]);
    expect(liveUnmet({ session: late, present: new Set(['i1', 'i3', 'd']), attested: true, consented: new Set() })).toEqual([
      { code: 'identity_confirmation', participantId: 'i3', role: 'investigator' },
    ]);
  });
  it('requires the consent of prosecutor, defendant and listed defence for an online trial', () => {
    const trial = session('fast_track_trial', [
      participant('j', 'judge'),
      participant('k', 'clerk'),
      participant('p', 'prosecutor'),
      participant('l', 'defence_lawyer'),
      det,
      cust,
    ]);
    const present = new Set(['j', 'k', 'p', 'l', 'd']);
    expect(
      liveUnmet({ session: trial, present, attested: true, consented: new Set(['p']) }).map((u) => `${u.code}:${u.participantId}`),
    ).toEqual(['consent:l', 'consent:d']);
    expect(liveUnmet({ session: trial, present, attested: true, consented: new Set(['p', 'l', 'd']) })).toEqual([]);
  });
});

describe('custody room windows (China time, whatever the server time zone)', () => {
  const windows = [
    { start: '09:00', end: '11:00' },
    { start: '14:00', end: '16:00' },
  ];
  const at = (s: string) => new Date(s);
  it('accepts a slot inside a window', () => {
    expect(fitsWindows(windows, at('2026-11-23T09:30:00+08:00'), at('2026-11-23T10:30:00+08:00'))).toBe(true);
    expect(fitsWindows(windows, at('2026-11-23T14:00:00+08:00'), at('2026-11-23T16:00:00+08:00'))).toBe(true);
  });
  it('refuses a slot that spills over a window or spans the lunch break', () => {
    expect(fitsWindows(windows, at('2026-11-23T10:30:00+08:00'), at('2026-11-23T11:30:00+08:00'))).toBe(false);
    expect(fitsWindows(windows, at('2026-11-23T10:00:00+08:00'), at('2026-11-23T15:00:00+08:00'))).toBe(false);
    expect(fitsWindows(windows, at('2026-11-23T08:00:00+08:00'), at('2026-11-23T09:00:00+08:00'))).toBe(false);
  });
  it('lets a round-the-clock room take any slot, across midnight too, and no other room run past its window at midnight', () => {
    const all = [{ start: '00:00', end: '24:00' }];
    expect(fitsWindows(all, at('2026-11-23T22:00:00+08:00'), at('2026-11-24T00:00:00+08:00'))).toBe(true);
    expect(fitsWindows(all, at('2026-11-23T23:30:00+08:00'), at('2026-11-24T00:30:00+08:00'))).toBe(true);
    const evening = [{ start: '18:00', end: '24:00' }];
    expect(fitsWindows(evening, at('2026-11-23T23:00:00+08:00'), at('2026-11-24T00:00:00+08:00'))).toBe(true);
    expect(fitsWindows(evening, at('2026-11-23T23:30:00+08:00'), at('2026-11-24T00:30:00+08:00'))).toBe(false);
    const night = [
      { start: '00:00', end: '02:00' },
      { start: '20:00', end: '24:00' },
    ];
    expect(fitsWindows(night, at('2026-11-23T23:30:00+08:00'), at('2026-11-24T01:30:00+08:00'))).toBe(true);
    expect(fitsWindows(night, at('2026-11-23T23:30:00+08:00'), at('2026-11-24T02:30:00+08:00'))).toBe(false);
  });
});

describe('what a recorder ending means', () => {
  const facts = { workerDied: false, sessionLive: true, isDetainee: true };
  const exit = { code: null, signal: null, expected: false };
  it('restarts a recorder that died, with a gap a host must explain', () => {
    expect(classifyExit({ ...exit, signal: 'SIGKILL' }, facts)).toEqual({
      cause: 'recorder_died (SIGKILL)',
      requiresCause: true,
      restart: true,
    });
    expect(classifyExit({ ...exit, code: 1 }, { ...facts, sessionLive: false })).toMatchObject({
      cause: 'recorder_died (exit 1)',
      restart: true,
    });
  });
  it('does not restart when the media worker died or the media ended; only the detainee while live needs a cause', () => {
    expect(classifyExit({ ...exit, expected: true }, { ...facts, workerDied: true })).toEqual({
      cause: 'media_worker_died',
      requiresCause: true,
      restart: false,
    });
    expect(classifyExit({ ...exit, expected: true }, facts)).toMatchObject({ requiresCause: true, restart: false });
    expect(classifyExit({ ...exit, expected: true }, { ...facts, isDetainee: false })).toMatchObject({ requiresCause: false });
    expect(classifyExit({ ...exit, expected: true }, { ...facts, sessionLive: false })).toMatchObject({ requiresCause: false });
  });
});
