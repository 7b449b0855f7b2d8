// Socket events of the record: typing (block by block, pushed live to everyone admitted),
// correction requests from the kiosk, handing over, signing, and the final record once the
// session has ended.
import type { Db } from '../db/db';
import { logger } from '../logger';
import type { TranscriptView } from '../realtime/events';
import type { Signaling, SocketContext, SocketExtension } from '../sessions';
import { findSessionById } from '../sessions';
import { finalizeTranscript, type TranscriptDeps } from './transcripts.final';
import { presentBlock, presentTranscript } from './transcripts.present';
import * as repo from './transcripts.repo';
import * as S from './transcripts.schema';
import { editBlock, reopen, requestCorrection, submitForConfirmation } from './transcripts.service';
import { signClosing, signCorrection, signOfficial, signPage } from './transcripts.signing';

/** The current view of a session's record. */
export async function transcriptView(db: Db, sessionId: string): Promise<TranscriptView> {
  const s = await findSessionById(db, sessionId);
  if (!s) throw new Error(`session ${sessionId} vanished`);
  return presentTranscript(db, s, await repo.findBySession(db, sessionId));
}

export function transcriptSocket(db: Db, deps: TranscriptDeps, signaling: Signaling): SocketExtension {
  /** After a change of the record as a whole: push it to everyone admitted and answer with it. */
  const changed = async (sessionId: string): Promise<TranscriptView> => {
    const v = await transcriptView(db, sessionId);
    signaling.toAdmitted(sessionId, 'transcript:updated', v);
    return v;
  };
  return {
    handlers(ctx: SocketContext) {
      const act = (
        event: string,
        schema: Parameters<SocketContext['handle']>[1],
        fn: (a: ReturnType<SocketContext['admitted']>, input: any) => Promise<unknown>,
        maxBytes?: number,
      ) =>
        ctx.handle(
          event,
          schema,
          async (input) => {
            const a = ctx.admitted();
            await fn(a, input);
            return changed(a.session.id);
          },
          maxBytes,
        );
      const big = S.MAX_SIGNATURE_EVENT_BYTES;
      return {
        'transcript:get': ctx.handle('transcript:get', S.EmptyInput, async () => transcriptView(db, ctx.admitted().session.id)),
        'transcript:edit': ctx.handle('transcript:edit', S.EditInput, async (i) => {
          const { actor, session } = ctx.admitted();
          const r = await editBlock(db, session.id, actor, i, deps.measure);
          const block = presentBlock(r.block);
          if (!r.replayed) {
            if (i.correctionId) await changed(session.id);
            else signaling.toAdmitted(session.id, 'transcript:block', { sessionId: session.id, version: r.version, block });
          }
          return { version: r.version, block };
        }),
        'transcript:requestCorrection': act('transcript:requestCorrection', S.CorrectionInput, (a, i) =>
          requestCorrection(db, a.session.id, a.actor, i.blockId, i.note),
        ),
        'transcript:submit': act('transcript:submit', S.EmptyInput, (a) => submitForConfirmation(db, a.session.id, a.actor, deps.measure)),
        'transcript:reopen': act('transcript:reopen', S.ReopenInput, (a, i) => reopen(db, a.session.id, a.actor, i.reason)),
        'transcript:signPage': act('transcript:signPage', S.SignPageInput, (a, i) => signPage(db, a.session.id, a.actor, i), big),
        'transcript:signCorrection': act(
          'transcript:signCorrection',
          S.SignCorrectionInput,
          (a, i) => signCorrection(db, a.session.id, a.actor, i),
          big,
        ),
        'transcript:signClosing': act(
          'transcript:signClosing',
          S.SignClosingInput,
          (a, i) => signClosing(db, a.session.id, a.actor, i),
          big,
        ),
        'transcript:signOfficial': act(
          'transcript:signOfficial',
          S.SignOfficialInput,
          (a, i) => signOfficial(db, a.session.id, a.actor, i),
          big,
        ),
      };
    },
    sessionEnded(sessionId, by) {
      // NOTE: the recording is sealed by now, so the footer can name its manifest. A record not
      // fully signed stays as it is and is refused as final (audited), never made final partly.
      void repo
        .findBySession(db, sessionId)
        .then((t) => (t?.state === 'confirming' ? finalizeTranscript(db, deps, sessionId, by) : null))
        .catch((err: unknown) => logger.warn({ err, sessionId }, 'the record was not made final'));
    },
  };
}
