// Socket routes of the record: typing (block by block, pushed live to everyone admitted),
// correction requests from the kiosk, handing over, signing; and, once a session has ended (its
// recording sealed: the lifecycle's order), the final record.
import type { Db } from '../db/db';
import { logger } from '../logger';
import type { ClientRequestName, RequestPayload, TranscriptView } from '../realtime/events';
import { route } from '../realtime/router';
import type { Actor, Conn, SessionLifecycle, SessionRoutes, Signaling } from '../sessions';
import { findSessionById } from '../sessions';
import { finalizeTranscript, type TranscriptDeps } from './transcripts.final';
import { presentBlock, presentTranscript } from './transcripts.present';
import * as repo from './transcripts.repo';
import * as S from './transcripts.schema';
import { editBlock, reopen, requestCorrection, submitForConfirmation } from './transcripts.service';
import { signAsParty } from './transcripts.partySigning';
import { signClosing, signCorrection, signOfficial, signPage } from './transcripts.signing';

/** The current view of a session's record. */
async function transcriptView(db: Db, sessionId: string): Promise<TranscriptView> {
  const s = await findSessionById(db, sessionId);
  if (!s) throw new Error(`session ${sessionId} vanished`);
  return presentTranscript(db, s, await repo.findBySession(db, sessionId));
}

type Acting = { actor: Actor; sessionId: string };

/** The record's routes for every connection. */
export function transcriptRoutes(db: Db, deps: TranscriptDeps, signaling: Signaling): SessionRoutes {
  /** After a change of the record as a whole: push it to everyone admitted and answer with it. */
  const changed = async (sessionId: string): Promise<TranscriptView> => {
    const v = await transcriptView(db, sessionId);
    signaling.toAdmitted(sessionId, 'transcript:updated', v);
    return v;
  };
  /** An act on the record by the admitted participant; everyone gets the new record. */
  const act =
    <E extends ClientRequestName>(fn: (a: Acting, input: RequestPayload<E>) => Promise<unknown>) =>
    async (input: RequestPayload<E>, c: Conn): Promise<TranscriptView> => {
      const { actor, session } = c.admitted();
      await fn({ actor, sessionId: session.id }, input);
      return changed(session.id);
    };
  const big = S.MAX_SIGNATURE_EVENT_BYTES;
  return {
    'transcript:get': route('transcript:get', { schema: S.EmptyInput, run: (_i, c: Conn) => transcriptView(db, c.admitted().session.id) }),
    'transcript:edit': route('transcript:edit', {
      schema: S.EditInput,
      run: async (i, c: Conn) => {
        const { actor, session } = c.admitted();
        const r = await editBlock(db, session.id, actor, i, deps.measure);
        const block = presentBlock(r.block);
        if (!r.replayed) {
          if (i.correctionId) await changed(session.id);
          else signaling.toAdmitted(session.id, 'transcript:block', { sessionId: session.id, version: r.version, block });
        }
        return { version: r.version, block };
      },
    }),
    'transcript:requestCorrection': route('transcript:requestCorrection', {
      schema: S.CorrectionInput,
      run: act<'transcript:requestCorrection'>((a, i) => requestCorrection(db, a.sessionId, a.actor, i.blockId, i.note)),
    }),
    'transcript:submit': route('transcript:submit', {
      schema: S.EmptyInput,
      run: act<'transcript:submit'>((a) => submitForConfirmation(db, a.sessionId, a.actor, deps.measure)),
    }),
    'transcript:reopen': route('transcript:reopen', {
      schema: S.ReopenInput,
      run: act<'transcript:reopen'>((a, i) => reopen(db, a.sessionId, a.actor, i.reason)),
    }),
    'transcript:signPage': route('transcript:signPage', {
      schema: S.SignPageInput,
      maxBytes: big,
      run: act<'transcript:signPage'>((a, i) => signPage(db, a.sessionId, a.actor, i)),
    }),
    'transcript:signCorrection': route('transcript:signCorrection', {
      schema: S.SignCorrectionInput,
      maxBytes: big,
      run: act<'transcript:signCorrection'>((a, i) => signCorrection(db, a.sessionId, a.actor, i)),
    }),
    'transcript:signClosing': route('transcript:signClosing', {
      schema: S.SignClosingInput,
      maxBytes: big,
      run: act<'transcript:signClosing'>((a, i) => signClosing(db, a.sessionId, a.actor, i)),
    }),
    'transcript:signOfficial': route('transcript:signOfficial', {
      schema: S.SignOfficialInput,
      maxBytes: big,
      run: act<'transcript:signOfficial'>((a, i) => signOfficial(db, a.sessionId, a.actor, i)),
    }),
    'transcript:signParty': route('transcript:signParty', {
      schema: S.SignPartyInput,
      maxBytes: big,
      run: act<'transcript:signParty'>((a, i) => signAsParty(db, a.sessionId, a.actor, i)),
    }),
  };
}

/**
 * The record takes part in a session's life: once the session has ended (the lifecycle runs this
 * after every ending step, so the recording is sealed and the footer can name its manifest), a
 * record handed over for confirmation is made final. One not fully signed stays as it is and is
 * refused as final (audited), never made final partly.
 */
export function attachTranscripts(db: Db, deps: TranscriptDeps, lifecycle: SessionLifecycle): void {
  lifecycle.onEnded(({ sessionId, by, state }) => {
    if (state !== 'ended' || !by) return;
    void repo
      .findBySession(db, sessionId)
      .then((t) => (t?.state === 'confirming' ? finalizeTranscript(db, deps, sessionId, by) : null))
      .catch((err: unknown) => logger.warn({ err, sessionId }, 'the record was not made final'));
  });
}
