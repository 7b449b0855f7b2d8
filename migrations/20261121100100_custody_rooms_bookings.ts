import type { Knex } from 'knex';

// Custody rooms with bookable windows and outages; sessions bound to a room and a detainee; and
// the bookings table whose exclusion constraint makes the database itself refuse double bookings.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gist');
  await knex.schema.createTable('custody_rooms', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('custody_center_id').notNullable().references('agencies.id').onDelete('RESTRICT').index();
    t.text('name').notNullable();
    t.jsonb('equipment').notNullable().defaultTo('[]');
    // NOTE: windows are China local times of day, e.g. [{"start":"09:00","end":"11:00"}].
    t.jsonb('windows')
      .notNullable()
      .defaultTo(
        JSON.stringify([
          { start: '09:00', end: '11:00' },
          { start: '14:00', end: '16:00' },
        ]),
      );
    t.timestamps(true, true);
    t.unique(['custody_center_id', 'name']);
  });
  await knex.schema.createTable('custody_room_outages', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('room_id').notNullable().references('custody_rooms.id').onDelete('CASCADE').index();
    t.specificType('period', 'tstzrange').notNullable();
    t.text('reason').notNullable();
    t.uuid('created_by').references('users.id').onDelete('RESTRICT');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.alterTable('sessions', (t) => {
    t.uuid('custody_room_id').references('custody_rooms.id').onDelete('RESTRICT').index();
    t.uuid('person_id').references('case_persons.id').onDelete('RESTRICT').index();
    t.boolean('locked').notNullable().defaultTo(false);
    t.text('cancel_reason');
    t.timestamp('live_at', { useTz: true });
    t.timestamp('ended_at', { useTz: true });
    t.text('end_reason');
  });
  await knex.raw(`ALTER TABLE sessions ADD CONSTRAINT sessions_cancel_reason_check
    CHECK (state <> 'cancelled' OR cancel_reason IS NOT NULL)`);

  await knex.schema.alterTable('session_participants', (t) => {
    t.timestamp('admitted_at', { useTz: true });
    t.timestamp('identity_confirmed_at', { useTz: true });
  });

  await knex.schema.createTable('session_bookings', (t) => {
    t.bigIncrements('id');
    t.uuid('session_id').notNullable().references('sessions.id').onDelete('CASCADE').index();
    t.text('resource_kind').notNullable();
    t.uuid('resource_id').notNullable();
    t.specificType('slot', 'tstzrange').notNullable();
  });
  await knex.raw(`ALTER TABLE session_bookings ADD CONSTRAINT session_bookings_kind_check
    CHECK (resource_kind IN ('room', 'person', 'user'))`);
  await knex.raw(`ALTER TABLE session_bookings ADD CONSTRAINT session_bookings_no_overlap
    EXCLUDE USING gist (resource_kind WITH =, resource_id WITH =, slot WITH &&)`);

  // The record of what happened in a session: lobby decisions, attestation, identity confirmations,
  // consents, phases, host actions and state changes.
  await knex.schema.createTable('session_events', (t) => {
    t.bigIncrements('id');
    t.uuid('session_id').notNullable().references('sessions.id').onDelete('RESTRICT').index();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('kind').notNullable();
    t.uuid('actor_user_id').references('users.id').onDelete('RESTRICT');
    t.uuid('actor_participant_id').references('session_participants.id').onDelete('RESTRICT');
    t.uuid('subject_participant_id').references('session_participants.id').onDelete('RESTRICT');
    t.jsonb('data').notNullable().defaultTo('{}');
  });

  // Connection telemetry: joins, leaves, ICE/DTLS transitions, reconnects.
  await knex.schema.createTable('connection_events', (t) => {
    t.bigIncrements('id');
    t.uuid('session_id').notNullable().references('sessions.id').onDelete('RESTRICT').index();
    t.uuid('participant_id').notNullable().references('session_participants.id').onDelete('RESTRICT');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('kind').notNullable();
    t.jsonb('detail').notNullable().defaultTo('{}');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['connection_events', 'session_events', 'session_bookings']) await knex.schema.dropTable(t);
  await knex.schema.alterTable('session_participants', (t) => {
    t.dropColumns('admitted_at', 'identity_confirmed_at');
  });
  await knex.raw('ALTER TABLE sessions DROP CONSTRAINT sessions_cancel_reason_check');
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumns('custody_room_id', 'person_id', 'locked', 'cancel_reason', 'live_at', 'ended_at', 'end_reason');
  });
  await knex.schema.dropTable('custody_room_outages');
  await knex.schema.dropTable('custody_rooms');
}
