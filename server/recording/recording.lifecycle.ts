// How recording takes part in a session's life (sessions/sessions.lifecycle.ts): a mandatory
// recording's required tracks are a precondition of going live and of resuming; ending stops every
// recorder and seals the part before the session counts as ended; the room shows the recorder and
// is told when it changes.
import type { SessionLifecycle } from '../sessions';
import { recordingPolicyFor } from '../sessions';
import { RecordingGapUnexplained } from '../errors';
import { unexplainedGaps } from './recording.service';
import type { RecordingSupervisor } from './recording.supervisor';

export function attachRecording(lifecycle: SessionLifecycle, supervisor: RecordingSupervisor): void {
  lifecycle.requireBeforeLive((s, present) => supervisor.unmet(s, present));
  // NOTE: a session is never closed as complete with a recording gap nobody explained.
  lifecycle.requireBeforeEnd(async (trx, s) => {
    const unexplained = await unexplainedGaps(trx, s.id);
    if (unexplained.length) {
      throw RecordingGapUnexplained(
        unexplained.map((g) => ({ id: g.id, startedAt: g.startedAt.toISOString(), detectedCause: g.detectedCause })),
      );
    }
  });
  lifecycle.describeRecorder((s) => (recordingPolicyFor(s.type) === 'forbidden' ? Promise.resolve(null) : supervisor.snapshot(s)));
  // NOTE: a cancelled session passed no end guard, so its recording (from the lobby) is never
  // "complete": it is interrupted with the cancellation as its reason.
  lifecycle.onEnding(async (sessionId, how) => {
    await supervisor.finish(sessionId, how.state === 'cancelled' ? { cancelled: how.reason } : {});
  });
  supervisor.onChanged((sessionId) => lifecycle.changed(sessionId));
}
