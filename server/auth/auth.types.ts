export const USER_ROLES = [
  'investigator',
  'prosecutor',
  'judge',
  'clerk',
  'lawyer',
  'custody_officer',
  'interpreter',
  'observer',
  'admin',
] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const AGENCY_KINDS = ['police', 'procuratorate', 'court', 'custody_center', 'justice_bureau'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** The authenticated user attached to a request or socket. */
export type AuthUser = {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  agencyId: string;
  agencyName: string;
  agencyKind: AgencyKind;
  authSessionId: string;
};

export type UserView = Omit<AuthUser, 'authSessionId'>;
