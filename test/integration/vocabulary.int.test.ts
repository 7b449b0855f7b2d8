// The database and the code use one vocabulary: every CHECK (column IN (...)) constraint that the
// migrations leave in the schema lists exactly the values of the constant the code uses for that
// column. Read from the live catalog after migrating, so a later migration that alters a list is
// what is compared. A new CHECK list must be added here, or this test fails naming it.
import { RESOURCE_KINDS } from '../../server/scheduling/scheduling.repo';
import * as V from '../../server/vocabulary';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const EXPECTED: Record<string, readonly string[]> = {
  'agencies.kind': V.AGENCY_KINDS,
  'users.role': V.USER_ROLES,
  'sessions.type': V.SESSION_TYPES,
  'sessions.state': V.SESSION_STATES,
  'session_participants.session_role': V.SESSION_ROLES,
  'audit_entries.outcome': V.AUDIT_OUTCOMES,
  'cases.stage': V.CASE_STAGES,
  'cases.online_exclusion': V.ONLINE_TRIAL_EXCLUSIONS,
  'case_persons.person_role': V.PERSON_ROLES,
  'case_persons.custody_status': V.CUSTODY_STATUSES,
  'case_key_dates.kind': V.KEY_DATE_KINDS,
  'deadline_extensions.rule': V.EXTENDABLE_RULES,
  'representations.lawyer_kind': V.LAWYER_ROLES,
  'session_bookings.resource_kind': RESOURCE_KINDS,
  'recordings.state': V.RECORDING_STATES,
  'transcripts.state': V.TRANSCRIPT_STATES,
  'transcripts.closing_mode': V.CLOSING_MODES,
  'transcript_blocks.kind': V.BLOCK_KINDS,
  'transcript_corrections.state': V.CORRECTION_STATES,
  'transcript_signatures.kind': V.SIGNATURE_KINDS,
  'case_documents.origin': V.DOCUMENT_ORIGINS,
  'dossier_outbox.state': V.OUTBOX_STATES,
  'custody_movements.kind': V.CUSTODY_MOVEMENTS,
  'notifications.kind': V.NOTIFICATION_KINDS,
  'case_contacts.contact_role': V.CONTACT_ROLES,
  'notifications.state': V.NOTIFICATION_STATES,
  'custody_movements.new_status': V.RELEASE_STATUSES,
  'instruments.kind': V.INSTRUMENT_KINDS,
  'instruments.state': V.INSTRUMENT_STATES,
};

it('lists in every CHECK constraint exactly the values of the vocabulary constant for its column', async () => {
  const rows = (
    await server.db.raw(`
      SELECT c.conrelid::regclass::text AS "table", pg_get_constraintdef(c.oid) AS def
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'c' AND n.nspname = current_schema()`)
  ).rows as { table: string; def: string }[];
  const found: Record<string, string[]> = {};
  for (const r of rows) {
    // Postgres prints `col IN ('a', 'b')` as: ((col = ANY (ARRAY['a'::text, 'b'::text])))
    const m = /\(\(?(\w+) = ANY \(ARRAY\[(.*?)\]\)\)/.exec(r.def);
    if (!m) continue;
    found[`${r.table}.${m[1]}`] = [...m[2]!.matchAll(/'([^']*)'::text/g)].map((x) => x[1]!).sort();
  }
  const expected = Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, [...v].sort()]));
  expect(found).toEqual(expected);
});
