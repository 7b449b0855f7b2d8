// What each session role may do with media. Checked on every socket event and at transport creation.
import type { MediaSource, SessionRole } from './sessions.types';

type Grants = { publish: readonly MediaSource[]; subscribe: boolean };

const OFFICIAL: Grants = { publish: ['camera', 'microphone', 'screen'], subscribe: true };

// NOTE: the detainee kiosk may send its camera and microphone but never share a screen; an
// observer only watches.
const GRANTS: Record<SessionRole, Grants> = {
  investigator: OFFICIAL, prosecutor: OFFICIAL, judge: OFFICIAL, clerk: OFFICIAL,
  defence_lawyer: OFFICIAL, duty_lawyer: OFFICIAL, custody_officer: OFFICIAL, interpreter: { publish: ['camera', 'microphone'], subscribe: true },
  detainee: { publish: ['camera', 'microphone'], subscribe: true },
  observer: { publish: [], subscribe: true },
};

export const grantsFor = (role: SessionRole): Grants => GRANTS[role];
export const canPublish = (role: SessionRole, source: MediaSource): boolean => GRANTS[role].publish.includes(source);
export const canSubscribe = (role: SessionRole): boolean => GRANTS[role].subscribe;
