// SQL for kiosk devices: the device's account and its binding to a custody room, its pairing
// code and its device credential (both stored only as SHA-256 hashes).
import type { Db, Trx } from '../db/db';
import { DEVICE_ROLE } from '../vocabulary';

type Q = Db | Trx;

export type DeviceRow = {
  userId: string;
  roomId: string;
  roomName: string;
  centerId: string;
  label: string;
  pairingExpiresAt: Date | null;
  pairedAt: Date | null;
  lastSeenAt: Date | null;
  enrolledAt: Date;
  revokedAt: Date | null;
};

type Row = {
  user_id: string;
  room_id: string;
  room_name: string;
  custody_center_id: string;
  label: string;
  pairing_expires_at: Date | null;
  paired_at: Date | null;
  last_seen_at: Date | null;
  enrolled_at: Date;
  revoked_at: Date | null;
};
const toDevice = (r: Row): DeviceRow => ({
  userId: r.user_id,
  roomId: r.room_id,
  roomName: r.room_name,
  centerId: r.custody_center_id,
  label: r.label,
  pairingExpiresAt: r.pairing_expires_at,
  pairedAt: r.paired_at,
  lastSeenAt: r.last_seen_at,
  enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at,
});
const base = (q: Q) =>
  q('kiosk_devices as d').join('custody_rooms as r', 'r.id', 'd.room_id').select('d.*', 'r.name as room_name', 'r.custody_center_id');

/** Makes the device's account (it has no usable password) and binds it to the room. */
export async function insertDevice(
  trx: Trx,
  d: {
    centerId: string;
    roomId: string;
    label: string;
    username: string;
    passwordHash: string;
    pairingCodeHash: string;
    pairingExpiresAt: Date;
    enrolledBy: string;
  },
): Promise<string> {
  const [u] = (await trx('users')
    .insert({ agency_id: d.centerId, username: d.username, display_name: d.label, role: DEVICE_ROLE, password_hash: d.passwordHash })
    .returning('id')) as { id: string }[];
  const userId = (u as { id: string }).id;
  await trx('kiosk_devices').insert({
    user_id: userId,
    room_id: d.roomId,
    label: d.label,
    pairing_code_hash: d.pairingCodeHash,
    pairing_expires_at: d.pairingExpiresAt,
    enrolled_by: d.enrolledBy,
  });
  return userId;
}

export async function findDevice(q: Q, userId: string): Promise<DeviceRow | null> {
  const row = (await base(q).where('d.user_id', userId).first()) as Row | undefined;
  return row ? toDevice(row) : null;
}

export async function listDevices(q: Q, centerId: string): Promise<DeviceRow[]> {
  return (
    (await base(q)
      .where('r.custody_center_id', centerId)
      .orderBy([{ column: 'r.name' }, { column: 'd.enrolled_at' }])) as Row[]
  ).map(toDevice);
}

/** The device whose unexpired pairing code this is, locked for the rest of the transaction. */
export async function lockByPairingCode(trx: Trx, codeHash: string, now: Date): Promise<DeviceRow | null> {
  const row = (await base(trx)
    .where('d.pairing_code_hash', codeHash)
    .where('d.pairing_expires_at', '>', now)
    .whereNull('d.revoked_at')
    .forUpdate('d')
    .first()) as Row | undefined;
  return row ? toDevice(row) : null;
}

export async function findBySecret(q: Q, secretHash: string): Promise<DeviceRow | null> {
  const row = (await base(q).where('d.secret_hash', secretHash).whereNull('d.revoked_at').first()) as Row | undefined;
  return row ? toDevice(row) : null;
}

/** A new pairing code; the device's credential stays valid until the code is used. */
export async function setPairingCode(trx: Trx, userId: string, codeHash: string, expiresAt: Date): Promise<void> {
  await trx('kiosk_devices').where({ user_id: userId }).update({ pairing_code_hash: codeHash, pairing_expires_at: expiresAt });
}

/** The code is used up: the device holds a new credential (any earlier one stops working). */
export async function setPaired(trx: Trx, userId: string, secretHash: string, at: Date): Promise<void> {
  await trx('kiosk_devices')
    .where({ user_id: userId })
    .update({ pairing_code_hash: null, pairing_expires_at: null, secret_hash: secretHash, paired_at: at, last_seen_at: at });
}

export async function touchDevice(q: Q, userId: string, at: Date): Promise<void> {
  await q('kiosk_devices').where({ user_id: userId }).update({ last_seen_at: at });
}

/** Revokes the device: its credential and pairing code stop working and its account is disabled. */
export async function revokeDevice(trx: Trx, userId: string, by: string, at: Date): Promise<void> {
  await trx('kiosk_devices')
    .where({ user_id: userId })
    .update({ revoked_at: at, revoked_by: by, secret_hash: null, pairing_code_hash: null, pairing_expires_at: null });
  await trx('users').where({ id: userId }).update({ disabled_at: at });
}
