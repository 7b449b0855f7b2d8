// The public surface of seed/: what other folders may import.
/** Used by other domains (re-exported so they need not reach into this folder's files). */
export { DEMO_AGENCIES, DEMO_DISPUTE, DEMO_DUTY_ROOM, DEMO_PERSONS } from './demo.data';
export { DEMO_CASE, DEMO_PASSWORD } from './seed.service';
/** Hearings for the load benchmark. */
export { seedLoadHearings, type LoadHearing } from './seed.load';
