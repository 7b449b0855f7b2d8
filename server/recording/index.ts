// The public surface of recording/: what other folders may import.
/** Used by other domains (re-exported so they need not reach into this folder's files). */
export { sessionForReview } from './recording.access';
export { recordingsOfSession } from './recording.repo';
export * as recordingRepo from './recording.repo';
export { MANIFEST_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE, type Manifest } from './recording.manifest';
export { verifyRecording } from './recording.verify';
