import type { AgencyKind, UserRole } from '../vocabulary';

export type AgencyView = { id: string; code: string; name: string; kind: AgencyKind; users: number };

/** A user as administrators see them: never the password hash. */
export type AccountView = {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  agencyId: string;
  agencyName: string;
  disabled: boolean;
  failedLogins: number;
  lockedAt: string | null;
  createdAt: string;
  /** Where SMS notices go (null: shown in the platform only). */
  mobile: string | null;
};
