// The custody center's console: how a detainee enters, moves between and leaves custody centers.
import type { CustodyStatus } from './cases';
import type { Label } from './label';

/** 收押 (taken into this center), 转押 (moved to another center), 释放/变更强制措施 (leaves custody). */
export const CUSTODY_MOVEMENTS = ['admission', 'transfer', 'release'] as const;
export type CustodyMovement = (typeof CUSTODY_MOVEMENTS)[number];

/** What a person's custody status becomes when they leave custody. */
export const RELEASE_STATUSES = ['released', 'bail', 'residential_surveillance'] as const satisfies readonly CustodyStatus[];
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/** A person on a center's roster: sent there but not yet taken in (待收押), or held there (在押). */
export const ROSTER_STATES = ['awaiting_admission', 'held'] as const;
export type RosterState = (typeof ROSTER_STATES)[number];

export const CUSTODY_MOVEMENT_LABELS: Record<CustodyMovement, Label> = {
  admission: { 'zh-CN': '收押', en: 'Admission' },
  transfer: { 'zh-CN': '转押', en: 'Transfer' },
  release: { 'zh-CN': '出所', en: 'Release' },
};

export const ROSTER_STATE_LABELS: Record<RosterState, Label> = {
  awaiting_admission: { 'zh-CN': '待收押', en: 'Awaiting admission' },
  held: { 'zh-CN': '在押', en: 'Held' },
};

/** How long a kiosk pairing code (shown once when the center enrolls or re-pairs a kiosk) stays valid. */
export const KIOSK_PAIRING_MINUTES = 15;
/** How long a paired kiosk keeps its device credential without being paired again. */
export const KIOSK_CREDENTIAL_DAYS = 365;
/** The states of a kiosk device as the console shows them. */
export const KIOSK_DEVICE_STATES = ['pairing', 'paired', 'revoked'] as const;
export type KioskDeviceState = (typeof KIOSK_DEVICE_STATES)[number];
export const KIOSK_DEVICE_STATE_LABELS: Record<KioskDeviceState, Label> = {
  pairing: { 'zh-CN': '待配对', en: 'Awaiting pairing' },
  paired: { 'zh-CN': '已配对', en: 'Paired' },
  revoked: { 'zh-CN': '已停用', en: 'Revoked' },
};
