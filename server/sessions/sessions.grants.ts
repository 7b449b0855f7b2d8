// What each session role may do, per session type. Checked on every socket event and at
// transport creation: publish (which sources), subscribe, moderate (host), edit the transcript.
import { CONTINUOUS_SOURCES, MEDIA_SOURCES } from '../vocabulary';
import type { Grants } from '../realtime/events';
import { isHostRole, policyOf } from './sessions.policy';
import type { MediaSource, SessionRole, SessionType } from './sessions.types';

const PRESENTER: readonly MediaSource[] = MEDIA_SOURCES;
const AV: readonly MediaSource[] = CONTINUOUS_SOURCES;

// NOTE: the detainee kiosk sends its camera and microphone but never shares a screen or shows
// evidence; the custody officer vouches and runs the room; an observer only watches.
const PUBLISH: Record<SessionRole, readonly MediaSource[]> = {
  investigator: PRESENTER,
  prosecutor: PRESENTER,
  judge: PRESENTER,
  clerk: PRESENTER,
  defence_lawyer: PRESENTER,
  duty_lawyer: PRESENTER,
  custody_officer: AV,
  interpreter: AV,
  detainee: AV,
  observer: [],
  mediator: PRESENTER,
  party: AV,
};

export function grantsFor(type: SessionType, role: SessionRole): Grants {
  return {
    publish: [...PUBLISH[role]],
    subscribe: true,
    moderate: isHostRole(type, role),
    editTranscript: policyOf(type).transcriptEditors.includes(role),
  };
}

export const canPublish = (_type: SessionType, role: SessionRole, source: MediaSource): boolean => PUBLISH[role].includes(source);
export const canSubscribe = (_type: SessionType, _role: SessionRole): boolean => true;
