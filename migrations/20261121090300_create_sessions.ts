import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id').onDelete('RESTRICT').index();
    t.text('type').notNullable();
    t.text('title').notNullable();
    t.text('state').notNullable().defaultTo('scheduled');
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true }).notNullable();
    t.uuid('created_by').notNullable().references('users.id').onDelete('RESTRICT');
    t.timestamps(true, true);
  });
  await knex.raw(`ALTER TABLE sessions ADD CONSTRAINT sessions_type_check
    CHECK (type IN ('interrogation', 'procuratorate_interrogation', 'plea', 'lawyer_meeting', 'fast_track_trial', 'mediation'))`);
  await knex.raw(`ALTER TABLE sessions ADD CONSTRAINT sessions_state_check
    CHECK (state IN ('scheduled', 'lobby', 'live', 'ended', 'cancelled', 'interrupted'))`);
  await knex.raw('ALTER TABLE sessions ADD CONSTRAINT sessions_slot_check CHECK (ends_at > starts_at)');

  await knex.schema.createTable('session_participants', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('session_id').notNullable().references('sessions.id').onDelete('CASCADE').index();
    // NOTE: the detainee has no account; their kiosk endpoint is a participant without a user,
    // operated by a custody officer listed on the same session.
    t.uuid('user_id').references('users.id').onDelete('RESTRICT').index();
    t.text('session_role').notNullable();
    t.text('display_name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('removed_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE session_participants ADD CONSTRAINT session_participants_role_check
    CHECK (session_role IN ('investigator', 'prosecutor', 'judge', 'clerk', 'defence_lawyer', 'duty_lawyer',
      'custody_officer', 'detainee', 'interpreter', 'observer'))`);
  await knex.raw(`CREATE UNIQUE INDEX session_participants_user_unique ON session_participants (session_id, user_id)
    WHERE user_id IS NOT NULL AND removed_at IS NULL`);
  await knex.raw(`CREATE UNIQUE INDEX session_participants_detainee_unique ON session_participants (session_id)
    WHERE session_role = 'detainee' AND removed_at IS NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('session_participants');
  await knex.schema.dropTable('sessions');
}
