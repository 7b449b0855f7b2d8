// Socket routes of the session's instrument: drafting, showing for signature, withdrawing and
// signing (pushed to everyone admitted); and, once the session has ended (its recording sealed),
// the final instrument.
import type { Db } from '../db/db';
import { logger } from '../logger';
import type { ClientRequestName, InstrumentView, RequestPayload } from '../realtime/events';
import { route } from '../realtime/router';
import {
  findSessionById,
  SignalingSchemas,
  type Actor,
  type Conn,
  type SessionLifecycle,
  type SessionRoutes,
  type Signaling,
} from '../sessions';
import { MAX_SIGNATURE_EVENT_BYTES } from '../transcripts';
import { finalizeInstrument, type InstrumentDeps } from './instruments.final';
import { presentInstrument } from './instruments.present';
import * as repo from './instruments.repo';
import * as S from './instruments.schema';
import { draftInstrument, openForSigning, signInstrument, withdrawFromSigning } from './instruments.service';

const EmptyInput = SignalingSchemas.EmptyInput;

/** The current view of a session's instrument (null for a session type that makes none). */
export async function instrumentView(db: Db, sessionId: string): Promise<InstrumentView | null> {
  const s = await findSessionById(db, sessionId);
  if (!s) throw new Error(`session ${sessionId} vanished`);
  const i = await repo.findBySession(db, sessionId);
  return presentInstrument(s, i, i ? await repo.listSignatures(db, i.id) : []);
}

export function instrumentRoutes(db: Db, signaling: Signaling): SessionRoutes {
  /** An act on the instrument by the admitted participant; everyone admitted gets the new view. */
  const act =
    <E extends ClientRequestName>(fn: (a: { actor: Actor; sessionId: string }, input: RequestPayload<E>) => Promise<unknown>) =>
    async (input: RequestPayload<E>, c: Conn): Promise<InstrumentView | null> => {
      const { actor, session } = c.admitted();
      await fn({ actor, sessionId: session.id }, input);
      const v = await instrumentView(db, session.id);
      if (v) signaling.toAdmitted(session.id, 'instrument:updated', v);
      return v;
    };
  return {
    'instrument:get': route('instrument:get', { schema: EmptyInput, run: (_i, c: Conn) => instrumentView(db, c.admitted().session.id) }),
    'instrument:draft': route('instrument:draft', {
      schema: S.DraftInput,
      run: act<'instrument:draft'>((a, i) => draftInstrument(db, a.sessionId, a.actor, i.fields)),
    }),
    'instrument:open': route('instrument:open', {
      schema: EmptyInput,
      run: act<'instrument:open'>((a) => openForSigning(db, a.sessionId, a.actor)),
    }),
    'instrument:withdraw': route('instrument:withdraw', {
      schema: S.WithdrawInput,
      run: act<'instrument:withdraw'>((a, i) => withdrawFromSigning(db, a.sessionId, a.actor, i.reason)),
    }),
    'instrument:sign': route('instrument:sign', {
      schema: S.SignInput,
      maxBytes: MAX_SIGNATURE_EVENT_BYTES,
      run: act<'instrument:sign'>((a, i) => signInstrument(db, a.sessionId, a.actor, i)),
    }),
  };
}

/**
 * Once a session has ended (after every ending step, so the recording is sealed), an instrument
 * shown for signature is made final. One not fully signed stays as it is and is refused as final
 * (audited), never made final partly.
 */
export function attachInstruments(db: Db, deps: InstrumentDeps, lifecycle: SessionLifecycle): void {
  lifecycle.onEnded(({ sessionId, by, state }) => {
    if (state !== 'ended' || !by) return;
    void repo
      .findBySession(db, sessionId)
      .then((i) => (i?.state === 'signing' ? finalizeInstrument(db, deps, sessionId, by) : null))
      .catch((err: unknown) => logger.warn({ err, sessionId }, 'the instrument was not made final'));
  });
}
