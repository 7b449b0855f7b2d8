import { Router } from 'express';
import { currentUser, requireUser, type AuthOptions } from '../auth';
import type { Db } from '../db/db';
import { parseInput } from '../http/validate';
import { CenterIdParam, OutageInput, RoomCreateInput, RoomIdParam, WindowsInput } from './rooms.schema';
import * as svc from './rooms.service';

export function roomsRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  const user = requireUser(db, auth);
  r.get('/api/custody-centers', user, async (_req, res) => {
    res.json({ ok: true, data: { centers: await svc.listCenters(db) } });
  });
  r.get('/api/custody-centers/:id/rooms', user, async (req, res) => {
    const { id } = parseInput(CenterIdParam, req.params);
    res.json({ ok: true, data: { rooms: await svc.listRooms(db, id) } });
  });
  r.post('/api/custody-centers/:id/rooms', user, async (req, res) => {
    const { id } = parseInput(CenterIdParam, req.params);
    const room = await svc.createRoomAs(db, currentUser(req), id, parseInput(RoomCreateInput, req.body));
    res.status(201).json({ ok: true, data: { room } });
  });
  r.put('/api/rooms/:id/windows', user, async (req, res) => {
    const { id } = parseInput(RoomIdParam, req.params);
    const room = await svc.setWindows(db, currentUser(req), id, parseInput(WindowsInput, req.body).windows);
    res.json({ ok: true, data: { room } });
  });
  r.post('/api/rooms/:id/outages', user, async (req, res) => {
    const { id } = parseInput(RoomIdParam, req.params);
    const outageId = await svc.addOutage(db, currentUser(req), id, parseInput(OutageInput, req.body));
    res.status(201).json({ ok: true, data: { outageId } });
  });
  r.get('/api/rooms/:id/outages', user, async (req, res) => {
    const { id } = parseInput(RoomIdParam, req.params);
    res.json({ ok: true, data: { outages: await svc.upcomingOutages(db, id) } });
  });
  return r;
}
