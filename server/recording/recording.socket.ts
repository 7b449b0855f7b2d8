// Recording requests in a live session: a host starts recording where the law leaves it optional
// (mandatory sessions record by themselves), and states the cause of a gap.
import { Forbidden } from '../errors';
import { route } from '../realtime/router';
import type { Db } from '../db/db';
import { type Actor, actorOf, type Conn, recordSessionAct, requireHost, type SessionRoutes, SignalingSchemas as S } from '../sessions';
import { stateGapCause } from './recording.service';
import type { RecordingSupervisor } from './recording.supervisor';

/** A host states the cause of a recording gap: it goes into the session record and the audit trail. */
const explainGap = (db: Db, sessionId: string, actor: Actor, gapId: string, cause: string) =>
  recordSessionAct(db, sessionId, actor, async (trx, s) => {
    requireHost(s, actor, 'state the cause of a recording gap');
    const gap = await stateGapCause(trx, s.id, gapId, cause, actor.user);
    const data = {
      gapId,
      cause,
      detectedCause: gap.detectedCause,
      startedAt: gap.startedAt.toISOString(),
      endedAt: gap.endedAt?.toISOString() ?? null,
    };
    return { kind: 'recording_gap_explained', data };
  });

export function recordingSocketRoutes(supervisor: RecordingSupervisor): SessionRoutes {
  return {
    'recording:start': route('recording:start', {
      schema: S.EmptyInput,
      run: async (_i, c: Conn) => {
        const p = c.joined();
        if (!p.host) throw Forbidden('only a host may start recording');
        const s = p.identity.session;
        await supervisor.start(s, c.hub.media.getRoom(s.id), p.user);
        return c.hub.afterChange(s.id);
      },
    }),
    'recording:explainGap': route('recording:explainGap', {
      schema: S.ExplainGapInput,
      run: async (i, c: Conn) => {
        const p = c.joined();
        await explainGap(c.hub.db, p.identity.session.id, actorOf(p), i.gapId, i.cause);
        return c.hub.afterChange(p.identity.session.id);
      },
    }),
  };
}
