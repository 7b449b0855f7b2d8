// Builds the procedural state every participant sees: state, phases, attestation, confirmations,
// consents and what is still missing before the session may go live.
import type { Db } from '../db/db';
import type { Unmet } from '../errors';
import type { RecorderView, RoomStateView } from '../realtime/events';
import { listEvents } from './sessions.events.repo';
import { liveUnmet, policyOf } from './sessions.policy';
import type { Session } from './sessions.types';

/** `rec`: the recording supervisor's view of this session (tracks, gaps, what still is not being recorded). */
export async function roomState(
  db: Db,
  s: Session,
  present: ReadonlySet<string>,
  rec?: { view: RecorderView | null; unmet: Unmet[] },
): Promise<RoomStateView> {
  const events = await listEvents(db, s.id, ['phase', 'identity_attested', 'consent', 'kiosk_replaced', 'spotlight']);
  const nameOf = new Map(s.participants.map((p) => [p.id, p.displayName]));
  const by = (id: string | null) => (id ? (nameOf.get(id) ?? '') : '');
  const attest = [...events].reverse().find((e) => e.kind === 'identity_attested');
  const consentEvents = events.filter((e) => e.kind === 'consent' && e.subjectParticipantId);
  const facts = {
    session: s,
    present,
    attested: attest !== undefined,
    consented: new Set(consentEvents.map((e) => e.subjectParticipantId as string)),
  };
  return {
    sessionId: s.id,
    state: s.state,
    locked: s.locked,
    recording: policyOf(s.type).recording,
    allowedPhases: [...policyOf(s.type).phases],
    phases: events
      .filter((e) => e.kind === 'phase')
      .map((e) => ({ phase: String(e.data.phase), at: e.at.toISOString(), by: by(e.actorParticipantId) })),
    attestation: attest
      ? {
          by:
            typeof attest.data.officerName === 'string'
              ? attest.data.officerName
              : attest.actorUserId
                ? by(s.participants.find((p) => p.userId === attest.actorUserId)?.id ?? null)
                : '',
          at: attest.at.toISOString(),
          method: String(attest.data.method),
        }
      : null,
    confirmed: s.participants.filter((p) => p.identityConfirmedAt).map((p) => p.id),
    consents: consentEvents.map((e) => ({
      participantId: e.subjectParticipantId as string,
      method: String(e.data.method),
      at: e.at.toISOString(),
    })),
    unmet: s.state === 'lobby' || s.state === 'interrupted' ? [...liveUnmet(facts), ...(rec?.unmet ?? [])] : [],
    present: [...present],
    liveAt: s.liveAt?.toISOString() ?? null,
    endedAt: s.endedAt?.toISOString() ?? null,
    recorder: rec?.view ?? null,
    spotlight: [...events].reverse().find((e) => e.kind === 'spotlight')?.subjectParticipantId ?? null,
    kioskReplacements: events
      .filter((e) => e.kind === 'kiosk_replaced')
      .map((e) => ({ at: e.at.toISOString(), byName: String(e.data.byName ?? ''), previousName: String(e.data.previousName ?? '') })),
  };
}
