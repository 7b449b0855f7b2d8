// What a recorder's end means for the recording: a gap with its cause, whether a host must state
// why, and whether to start the recorder again. Pure: the supervisor gathers the facts.

export type RecorderExit = { code: number | null; signal: NodeJS.Signals | null; expected: boolean };
export type ExitFacts = { workerDied: boolean; sessionLive: boolean; isDetainee: boolean };
export type ExitVerdict = { cause: string; requiresCause: boolean; restart: boolean };

export function classifyExit(e: RecorderExit, f: ExitFacts): ExitVerdict {
  if (!e.expected) return { cause: `recorder_died (${e.signal ?? `exit ${e.code}`})`, requiresCause: true, restart: true };
  if (f.workerDied) return { cause: 'media_worker_died', requiresCause: true, restart: false };
  return {
    cause: 'media_ended (participant left, disconnected or stopped sending)',
    requiresCause: f.sessionLive && f.isDetainee,
    restart: false,
  };
}
