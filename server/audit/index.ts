/** Append an entry to the audit chain in the caller's transaction. */
export { record, recordAlone, verifyChain } from './audit.service';
/** Used by other domains (re-exported so they need not reach into this folder's files). */
export { exportCsv } from './audit.export';
