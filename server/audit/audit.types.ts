import type { AuditOutcome } from '../vocabulary';

/** What a service says happened; time and chain hashes are added by audit.record(). */
export type AuditInput = {
  actorUserId: string | null;
  agencyId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
};

export type AuditEntry = AuditInput & { id: string; at: Date; prevHash: string; hash: string; detail: Record<string, unknown> };
