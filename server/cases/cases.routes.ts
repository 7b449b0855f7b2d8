import { Router } from 'express';
import { currentUser, requireUser, type AuthOptions } from '../auth';
import type { Db } from '../db/db';
import { parseInput } from '../http/validate';
import {
  CaseCreateInput,
  CaseIdParam,
  CaseUpdateInput,
  ContactInput,
  ExtensionInput,
  KeyDateInput,
  PersonCreateInput,
  RepresentationInput,
  SendInput,
} from './cases.schema';
import * as contacts from './cases.contacts';
import * as lawyers from './cases.lawyers';
import * as svc from './cases.service';
import * as views from './cases.views';

export function casesRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  const user = requireUser(db, auth);
  r.get('/api/cases', user, async (req, res) => {
    res.json({ ok: true, data: { cases: await svc.listCasesFor(db, currentUser(req)) } });
  });
  r.post('/api/cases', user, async (req, res) => {
    const input = parseInput(CaseCreateInput, req.body);
    res.status(201).json({ ok: true, data: { case: await svc.createCaseAs(db, currentUser(req), input) } });
  });
  r.get('/api/cases/:id', user, async (req, res) => {
    const { id } = parseInput(CaseIdParam, req.params);
    res.json({ ok: true, data: { case: await views.caseView(db, currentUser(req), id) } });
  });
  r.patch('/api/cases/:id', user, async (req, res) => {
    const { id } = parseInput(CaseIdParam, req.params);
    await svc.updateCase(db, currentUser(req), id, parseInput(CaseUpdateInput, req.body));
    res.json({ ok: true, data: { case: await views.caseView(db, currentUser(req), id) } });
  });
  r.get('/api/cases/:id/deadlines', user, async (req, res) => {
    const { id } = parseInput(CaseIdParam, req.params);
    res.json({ ok: true, data: { deadlines: await views.deadlinesOf(db, currentUser(req), id) } });
  });
  r.post('/api/cases/:id/persons', user, async (req, res) => {
    const { id } = parseInput(CaseIdParam, req.params);
    const p = await svc.addPerson(db, currentUser(req), id, parseInput(PersonCreateInput, req.body));
    const { idNumberLast4: _hidden, ...person } = p;
    res.status(201).json({ ok: true, data: { person } });
  });
  r.put('/api/cases/:id/key-dates', user, async (req, res) => {
    const { id } = parseInput(CaseIdParam, req.params);
    const keyDateId = await svc.setKeyDate(db, currentUser(req), id, parseInput(KeyDateInput, req.body));
    res.json({ ok: true, data: { keyDateId } });
  });
  r.post('/api/cases/:id/extensions', user, async (req, res) => {
    const { id } = parseInput(CaseIdParam, req.params);
    const extensionId = await svc.addExtension(db, currentUser(req), id, parseInput(ExtensionInput, req.body));
    res.status(201).json({ ok: true, data: { extensionId } });
  });
  r.post('/api/cases/:id/contacts', user, async (req, res) => {
    const { id } = parseInput(CaseIdParam, req.params);
    const contact = await contacts.addContact(db, currentUser(req), id, parseInput(ContactInput, req.body));
    res.status(201).json({ ok: true, data: { contact } });
  });
  r.post('/api/cases/:id/send', user, async (req, res) => {
    const { id } = parseInput(CaseIdParam, req.params);
    await svc.sendCase(db, currentUser(req), id, parseInput(SendInput, req.body).agencyId);
    res.json({ ok: true, data: {} });
  });
  r.get('/api/dashboard/deadlines', user, async (req, res) => {
    res.json({ ok: true, data: { deadlines: await views.dashboardDeadlines(db, currentUser(req)) } });
  });
  r.get('/api/custody/persons', user, async (req, res) => {
    res.json({ ok: true, data: { persons: await lawyers.personsInMyCustody(db, currentUser(req)) } });
  });
  r.post('/api/representations', user, async (req, res) => {
    const rep = await lawyers.registerRepresentation(db, currentUser(req), parseInput(RepresentationInput, req.body));
    res.status(201).json({ ok: true, data: { representation: rep } });
  });
  r.get('/api/representations/mine', user, async (req, res) => {
    res.json({ ok: true, data: { clients: await lawyers.myClients(db, currentUser(req)) } });
  });
  return r;
}
