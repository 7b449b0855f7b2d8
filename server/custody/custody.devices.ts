// Kiosk devices (羁押室终端). The custody center enrolls a kiosk once for one of its rooms: the
// console shows a short-lived pairing code, the kiosk machine enters it and receives a device
// credential (an httpOnly cookie) that it exchanges for an ordinary login whenever it needs one.
// That login can do nothing but open the detainee's endpoint of a session booked in its room.
// Pairing again (a replaced machine) gives a new credential and ends the old one; revoking the
// device ends both. Every step is audited.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import * as audit from '../audit';
import { type AuthOptions, type AuthUser, hashPassword, openLogin, revokeAllLogins } from '../auth';
import { agencyName } from '../cases';
import type { Db, Trx } from '../db/db';
import { Forbidden, NotFound, Unauthenticated } from '../errors';
import { findRoom } from '../rooms';
import { recordingPolicyFor, sessionsRepo } from '../sessions';
import { DEVICE_ROLE, KIOSK_PAIRING_MINUTES, type KioskDeviceState } from '../vocabulary';
import * as repo from './custody.devices.repo';

// NOTE: no 0/O, 1/I/L or U: read off one screen and typed on another. 10 characters ≈ 49 bits, valid for minutes.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normalise = (code: string) => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

function newPairingCode(): { code: string; hash: string; expiresAt: Date } {
  const raw = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return {
    code: `${raw.slice(0, 5)}-${raw.slice(5)}`,
    hash: sha256(raw),
    expiresAt: new Date(Date.now() + KIOSK_PAIRING_MINUTES * 60_000),
  };
}

export type DeviceView = {
  deviceId: string;
  roomId: string;
  roomName: string;
  label: string;
  state: KioskDeviceState;
  pairingExpiresAt: string | null;
  pairedAt: string | null;
  lastSeenAt: string | null;
};

const view = (d: repo.DeviceRow): DeviceView => ({
  deviceId: d.userId,
  roomId: d.roomId,
  roomName: d.roomName,
  label: d.label,
  state: d.revokedAt ? 'revoked' : d.pairedAt && !d.pairingExpiresAt ? 'paired' : 'pairing',
  pairingExpiresAt: d.pairingExpiresAt?.toISOString() ?? null,
  pairedAt: d.pairedAt?.toISOString() ?? null,
  lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
});

const manages = (user: AuthUser, centerId: string) =>
  user.role === 'admin' || (user.role === 'custody_officer' && user.agencyId === centerId);

async function audited(trx: Trx, user: AuthUser, action: string, d: { userId: string; roomId: string; centerId: string }, detail = {}) {
  await audit.record(trx, {
    actorUserId: user.id,
    agencyId: d.centerId,
    action,
    objectType: 'kiosk_device',
    objectId: d.userId,
    outcome: 'success',
    detail: { roomId: d.roomId, ...detail },
  });
}

/** Enrolls a kiosk for a custody room; returns the pairing code (shown once). */
export async function enroll(db: Db, user: AuthUser, roomId: string, label: string) {
  const room = await findRoom(db, roomId);
  if (!manages(user, room.custodyCenterId)) throw Forbidden('only the custody center enrolls kiosks for its rooms');
  const pairing = newPairingCode();
  // NOTE: the account's password is random and never shown; device accounts are refused at password login anyway.
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  const deviceId = await db.transaction(async (trx) => {
    const id = await repo.insertDevice(trx, {
      centerId: room.custodyCenterId,
      roomId,
      label,
      username: `kiosk-${randomBytes(5).toString('hex')}`,
      passwordHash,
      pairingCodeHash: pairing.hash,
      pairingExpiresAt: pairing.expiresAt,
      enrolledBy: user.id,
    });
    await audited(trx, user, 'kiosk.enroll', { userId: id, roomId, centerId: room.custodyCenterId }, { label });
    return id;
  });
  return {
    device: view((await repo.findDevice(db, deviceId)) as repo.DeviceRow),
    pairingCode: pairing.code,
    expiresAt: pairing.expiresAt.toISOString(),
  };
}

async function managedDevice(db: Db | Trx, user: AuthUser, deviceId: string): Promise<repo.DeviceRow> {
  const d = await repo.findDevice(db, deviceId);
  if (!d || !manages(user, d.centerId)) throw NotFound('kiosk device', deviceId);
  return d;
}

/** A new pairing code for a device (its machine was replaced or lost its credential). */
export async function repair(db: Db, user: AuthUser, deviceId: string) {
  const pairing = newPairingCode();
  await db.transaction(async (trx) => {
    const d = await managedDevice(trx, user, deviceId);
    if (d.revokedAt) throw NotFound('kiosk device', deviceId);
    await repo.setPairingCode(trx, deviceId, pairing.hash, pairing.expiresAt);
    await audited(trx, user, 'kiosk.pairing_code', d);
  });
  return {
    device: view((await repo.findDevice(db, deviceId)) as repo.DeviceRow),
    pairingCode: pairing.code,
    expiresAt: pairing.expiresAt.toISOString(),
  };
}

/** Revokes a device: its credential stops working and its logins end (the caller announces the revocation). */
export async function revoke(db: Db, user: AuthUser, deviceId: string): Promise<DeviceView> {
  await db.transaction(async (trx) => {
    const d = await managedDevice(trx, user, deviceId);
    if (d.revokedAt) return;
    await repo.revokeDevice(trx, deviceId, user.id, new Date());
    await revokeAllLogins(trx, deviceId);
    await audited(trx, user, 'kiosk.revoke', d);
  });
  return view((await repo.findDevice(db, deviceId)) as repo.DeviceRow);
}

/** The kiosks of a center's rooms. */
export async function listDevices(db: Db, user: AuthUser, centerId: string): Promise<DeviceView[]> {
  if (!manages(user, centerId)) throw Forbidden('only the custody center sees its kiosks');
  return (await repo.listDevices(db, centerId)).map(view);
}

/** The kiosk machine enters the pairing code; it gets the device credential (set as a cookie by the route). */
export async function pair(db: Db, code: string): Promise<{ secret: string; device: DeviceView }> {
  const secret = randomBytes(32).toString('base64url');
  const d = await db.transaction(async (trx) => {
    const found = await repo.lockByPairingCode(trx, sha256(normalise(code)), new Date());
    if (!found) {
      await audit.record(trx, {
        actorUserId: null,
        agencyId: null,
        action: 'kiosk.pair',
        objectType: 'kiosk_device',
        objectId: null,
        outcome: 'failure',
        detail: { reason: 'unknown_or_expired_code' },
      });
      return null;
    }
    await repo.setPaired(trx, found.userId, sha256(secret), new Date());
    await audit.record(trx, {
      actorUserId: found.userId,
      agencyId: found.centerId,
      action: 'kiosk.pair',
      objectType: 'kiosk_device',
      objectId: found.userId,
      outcome: 'success',
      detail: { roomId: found.roomId, replacedEarlierMachine: found.pairedAt !== null },
    });
    return found;
  });
  if (!d) throw Unauthenticated('the pairing code is wrong or has expired; ask the custody center for a new one');
  return { secret, device: view((await repo.findDevice(db, d.userId)) as repo.DeviceRow) };
}

/** Exchanges the device credential for a login of the device's account. */
export async function deviceLogin(db: Db, opts: AuthOptions, secret: string | undefined) {
  const d = secret && secret.length <= 128 ? await repo.findBySecret(db, sha256(secret)) : null;
  if (!d) throw Unauthenticated('this kiosk is not paired (or was revoked); pair it with a code from the custody center');
  const room = await findRoom(db, d.roomId);
  await repo.touchDevice(db, d.userId, new Date());
  return openLogin(
    db,
    opts,
    {
      id: d.userId,
      username: '',
      displayName: d.label,
      role: DEVICE_ROLE,
      agencyId: d.centerId,
      agencyName: (await agencyName(db, d.centerId)) ?? '',
      agencyKind: 'custody_center',
    },
    'kiosk.login',
    { roomId: room.id },
  );
}

/** What a kiosk device shows: its room, and the open sessions booked there from now until the next hour. */
export async function deviceHome(db: Db, device: AuthUser, now = new Date()) {
  const d = await repo.findDevice(db, device.id);
  if (!d || d.revokedAt) throw Unauthenticated('this kiosk was revoked');
  await repo.touchDevice(db, d.userId, now);
  const sessions = await sessionsRepo.listOpenInRoom(db, d.roomId, now, new Date(now.getTime() + 60 * 60_000));
  return {
    device: { ...view(d), centerName: device.agencyName },
    sessions: sessions.map((s) => ({
      id: s.id,
      type: s.type,
      title: s.title,
      state: s.state,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      detaineeName: s.participants.find((p) => p.sessionRole === 'detainee')?.displayName ?? '',
      recording: recordingPolicyFor(s.type),
    })),
  };
}
