// The procedure of a hearing: phases, the custody officer's attestation on the kiosk, identity
// confirmations, consent to an online hearing, going live (when the law and every registered
// precondition, such as recording, are met), interrupting, resuming and ending. Each act is
// written by sessions.record.ts; ending runs the session lifecycle (the recording is sealed,
// then the session counts as ended and everyone is sent home).
import { checkCredentials } from '../auth';
import { InvalidRequest, InvalidState } from '../errors';
import { DEVICE_ROLE } from '../vocabulary';
import type { ClientRequestName, RequestPayload, RoomStateView } from '../realtime/events';
import { route } from '../realtime/router';
import type { LivePeer } from './presence';
import * as record from './sessions.record';
import { actorOf, type Conn, type SessionRoutes } from './signaling.conn';
import * as S from './signaling.schema';

/** A procedural act: the record layer checks rights and writes it; then everyone gets the new state. */
const act =
  <E extends ClientRequestName>(fn: (c: Conn, p: LivePeer, input: RequestPayload<E>) => Promise<unknown>) =>
  async (input: RequestPayload<E>, c: Conn): Promise<RoomStateView> => {
    const p = c.joined();
    await fn(c, p, input);
    return c.hub.afterChange(p.identity.session.id);
  };

const sid = (p: LivePeer) => p.identity.session.id;

export const procedureRoutes: SessionRoutes = {
  'session:phase': route('session:phase', {
    schema: S.PhaseInput,
    run: act<'session:phase'>((c, p, i) => record.setPhase(c.hub.db, sid(p), actorOf(p), i.phase)),
  }),
  'session:attestIdentity': route('session:attestIdentity', {
    schema: S.AttestInput,
    run: act<'session:attestIdentity'>(async (c, p, i) => {
      if (!c.hub.presence.peers(sid(p)).some((x) => x.view.endpoint === 'kiosk')) {
        throw InvalidState('the custody kiosk', 'not connected', 'open the kiosk so the detainee is on screen');
      }
      // NOTE: a kiosk device cannot vouch for anyone: the officer standing at it signs in to attest (a wrong password counts towards their lock).
      const officer =
        c.user.role === DEVICE_ROLE
          ? i.officer
            ? await checkCredentials(c.hub.db, c.hub.auth, i.officer.username, i.officer.password, 'session.attest_login')
            : null
          : c.user;
      if (!officer) throw InvalidRequest('officer: the custody officer on duty signs in on the kiosk to attest');
      await record.attestIdentity(
        c.hub.db,
        sid(p),
        { ...actorOf(p), user: { ...officer, authSessionId: '' } },
        i.method,
        i.idLast4,
        c.user,
      );
    }),
  }),
  'session:confirmIdentity': route('session:confirmIdentity', {
    schema: S.EmptyInput,
    run: act<'session:confirmIdentity'>((c, p) => record.confirmIdentity(c.hub.db, sid(p), actorOf(p))),
  }),
  'session:consent': route('session:consent', {
    schema: S.ConsentInput,
    run: act<'session:consent'>((c, p, i) => record.recordConsent(c.hub.db, sid(p), actorOf(p), i.participantId, i.method, i.note)),
  }),
  'session:goLive': route('session:goLive', {
    schema: S.EmptyInput,
    run: act<'session:goLive'>((c, p) => {
      const present = c.hub.presence.present(sid(p));
      return record.goLive(c.hub.db, sid(p), actorOf(p), present, (s) => c.hub.lifecycle.unmetBeforeLive(s, present));
    }),
  }),
  'session:interrupt': route('session:interrupt', {
    schema: S.ReasonInput,
    run: act<'session:interrupt'>((c, p, i) => record.interrupt(c.hub.db, sid(p), actorOf(p), i.reason)),
  }),
  'session:resume': route('session:resume', {
    schema: S.EmptyInput,
    run: act<'session:resume'>((c, p) => {
      const present = c.hub.presence.present(sid(p));
      return record.resume(c.hub.db, sid(p), actorOf(p), present, (s) => c.hub.lifecycle.unmetBeforeLive(s, present));
    }),
  }),
  'session:end': route('session:end', {
    schema: S.EndInput,
    run: async (i, c: Conn) => {
      const p = c.joined();
      const id = sid(p);
      const s = await record.endSession(
        c.hub.db,
        id,
        actorOf(p),
        i.reason ?? '主持人结束',
        (trx, x) => c.hub.lifecycle.checkBeforeEnd(trx, x),
        i.inPerson === true,
      );
      // NOTE: the lifecycle's ending steps (the recording stops and is sealed) finish before the
      // state is read and before the session counts as ended for the other domains.
      await c.hub.lifecycle.finish(id, { state: 'ended', reason: s.endReason ?? '' });
      const state = await c.hub.state(id);
      await c.hub.lifecycle.ended({ sessionId: id, by: c.user, state: 'ended', reason: s.endReason ?? '' });
      return state;
    },
  }),
};
