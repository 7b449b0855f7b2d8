// Account roles and agency kinds: who logs in, and for which kind of agency.
import type { Label } from './label';

/** The roles an administrator gives to people. */
export const STAFF_ROLES = [
  'investigator',
  'prosecutor',
  'judge',
  'clerk',
  'lawyer',
  'custody_officer',
  'interpreter',
  'observer',
  'admin',
  'mediator',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * A custody room's kiosk is an account of its own (like a meeting-room device's resource
 * account): made when the center enrolls the device, it logs in only with the device credential,
 * is bound to one room, and can do nothing but open the detainee's endpoint there.
 */
export const DEVICE_ROLE = 'kiosk_device' as const;
/**
 * A civilian party to a mediation joins without an account of their own: the booking makes a guest
 * account bound to their one participant entry, opened only by redeeming the invitation code sent
 * to their phone, and able to do nothing but join that session.
 */
export const GUEST_ROLE = 'party_guest' as const;
/** Every account's role: a person's, a kiosk device's, or an invited party's. */
export const USER_ROLES = [...STAFF_ROLES, DEVICE_ROLE, GUEST_ROLE] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** The roles of the justice officials who hold and work cases (公检法 staff). */
export const OFFICIAL_ROLES = ['investigator', 'prosecutor', 'judge', 'clerk'] as const satisfies readonly UserRole[];
export type OfficialRole = (typeof OFFICIAL_ROLES)[number];
export const isOfficialRole = (r: string): r is OfficialRole => (OFFICIAL_ROLES as readonly string[]).includes(r);

export const AGENCY_KINDS = ['police', 'procuratorate', 'court', 'custody_center', 'justice_bureau'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const USER_ROLE_LABELS: Record<UserRole, Label> = {
  investigator: { 'zh-CN': '侦查员', en: 'Investigator' },
  prosecutor: { 'zh-CN': '检察官', en: 'Prosecutor' },
  judge: { 'zh-CN': '法官', en: 'Judge' },
  clerk: { 'zh-CN': '书记员', en: 'Clerk' },
  lawyer: { 'zh-CN': '律师', en: 'Lawyer' },
  custody_officer: { 'zh-CN': '管教民警', en: 'Custody officer' },
  interpreter: { 'zh-CN': '翻译', en: 'Interpreter' },
  observer: { 'zh-CN': '旁听', en: 'Observer' },
  admin: { 'zh-CN': '管理员', en: 'Administrator' },
  kiosk_device: { 'zh-CN': '羁押室终端', en: 'Custody kiosk' },
  mediator: { 'zh-CN': '调解员', en: 'Mediator' },
  party_guest: { 'zh-CN': '受邀当事人', en: 'Invited party' },
};

export const AGENCY_KIND_LABELS: Record<AgencyKind, Label> = {
  police: { 'zh-CN': '公安机关', en: 'Police' },
  procuratorate: { 'zh-CN': '人民检察院', en: 'Procuratorate' },
  court: { 'zh-CN': '人民法院', en: 'Court' },
  custody_center: { 'zh-CN': '看守所', en: 'Custody center' },
  justice_bureau: { 'zh-CN': '司法行政机关', en: 'Justice bureau' },
};

/** Why a login stopped being valid before its time (its connections are cut at once). */
export const REVOCATION_REASONS = ['logout', 'disabled', 'password_reset'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** Consecutive wrong passwords that lock an account (等保 login-failure handling). */
export const MAX_FAILED_LOGINS = 5;
/** The shortest password an administrator may set. */
export const MIN_PASSWORD_LENGTH = 12;

/** The kinds of agency whose staff may hold each role (an administrator may sit anywhere). */
export const ROLE_AGENCY_KINDS: Record<UserRole, readonly AgencyKind[]> = {
  investigator: ['police'],
  prosecutor: ['procuratorate'],
  judge: ['court'],
  clerk: ['police', 'procuratorate', 'court'],
  lawyer: ['justice_bureau'],
  custody_officer: ['custody_center'],
  interpreter: AGENCY_KINDS,
  observer: AGENCY_KINDS,
  admin: AGENCY_KINDS,
  kiosk_device: ['custody_center'],
  mediator: ['justice_bureau'],
  party_guest: AGENCY_KINDS,
};
