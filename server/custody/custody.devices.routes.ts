import { parse as parseCookie } from 'cookie';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { type AuthOptions, currentUser, type LoginThrottle, requireDevice, requireUser, type Revocations, setLoginCookie } from '../auth';
import type { Db } from '../db/db';
import { parseInput } from '../http/validate';
import { KIOSK_CREDENTIAL_DAYS } from '../vocabulary';
import * as devices from './custody.devices';

const DEVICE_COOKIE = 'hs_device';
const IdParam = z.object({ id: z.string().uuid() }).strict();
const EnrollInput = z.object({ label: z.string().trim().min(1).max(100) }).strict();
const PairInput = z.object({ code: z.string().trim().min(10).max(20) }).strict();
const CenterQuery = z.object({ centerId: z.string().uuid().optional() }).strict();

type Deps = { throttle: LoginThrottle; revocations: Revocations };

/** Kiosk devices: enrolled, re-paired and revoked by the custody center; paired and logged in by the kiosk machine. */
export function deviceRoutes(db: Db, auth: AuthOptions & { secureCookies: boolean }, deps: Deps): Router {
  const r = Router();
  const user = requireUser(db, auth);
  const login = async (res: Response, secret: string | undefined) => {
    const result = await devices.deviceLogin(db, auth, secret);
    setLoginCookie(res, result.token, result.expiresAt, auth.secureCookies);
    return result;
  };
  r.get('/api/custody/devices', user, async (req, res) => {
    const me = currentUser(req);
    const { centerId } = parseInput(CenterQuery, req.query);
    res.json({ ok: true, data: { devices: await devices.listDevices(db, me, centerId ?? me.agencyId) } });
  });
  r.post('/api/custody/rooms/:id/devices', user, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    res.status(201).json({ ok: true, data: await devices.enroll(db, currentUser(req), id, parseInput(EnrollInput, req.body).label) });
  });
  r.post('/api/custody/devices/:id/pairing', user, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    res.json({ ok: true, data: await devices.repair(db, currentUser(req), id) });
  });
  r.post('/api/custody/devices/:id/revoke', user, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    const device = await devices.revoke(db, currentUser(req), id);
    deps.revocations.announce({ userId: id, reason: 'disabled' });
    res.json({ ok: true, data: { device } });
  });
  r.post('/api/device/pair', async (req, res) => {
    const address = req.ip ?? 'unknown';
    deps.throttle.check(address);
    const { code } = parseInput(PairInput, req.body);
    const paired = await devices.pair(db, code).catch((err: unknown) => {
      deps.throttle.fail(address);
      throw err;
    });
    res.cookie(DEVICE_COOKIE, paired.secret, {
      httpOnly: true,
      sameSite: 'strict',
      secure: auth.secureCookies,
      path: '/api/device',
      maxAge: KIOSK_CREDENTIAL_DAYS * 86_400_000,
    });
    await login(res, paired.secret);
    res.json({ ok: true, data: { device: paired.device } });
  });
  r.post('/api/device/login', async (req: Request, res) => {
    const secret = req.headers.cookie ? parseCookie(req.headers.cookie)[DEVICE_COOKIE] : undefined;
    const result = await login(res, secret);
    res.json({ ok: true, data: { expiresAt: result.expiresAt.toISOString() } });
  });
  r.get('/api/device/home', requireDevice(db, auth), async (req, res) => {
    res.json({ ok: true, data: await devices.deviceHome(db, currentUser(req)) });
  });
  return r;
}
