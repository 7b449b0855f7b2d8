/** Append an entry to the audit chain in the caller's transaction. */
export { record, recordAlone, verifyChain } from './audit.service';
/** Audit entries about one object, oldest first. */
export { listForObject } from './audit.service';
export type { AuditEntry, AuditInput, AuditOutcome } from './audit.types';
