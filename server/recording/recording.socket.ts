// Recording requests in a live session: a host starts recording where the law leaves it optional
// (mandatory sessions record by themselves), and states the cause of a gap.
import { Forbidden } from '../errors';
import { route } from '../realtime/router';
import { actorOf, explainGap, type Conn, type SessionRoutes, SignalingSchemas as S } from '../sessions';
import type { RecordingSupervisor } from './recording.supervisor';

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
