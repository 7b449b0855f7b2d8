// Mediation with civilian parties: a mediator (调解员) account role and session role, a party
// (当事人) session role, guest accounts bound to one party's participant entry, and the one-time
// invitations (code hash, expiry, redemption) sent to the parties' phones.
import type { Knex } from 'knex';

const STAFF = `'investigator', 'prosecutor', 'judge', 'clerk', 'lawyer', 'custody_officer', 'interpreter', 'observer', 'admin'`;
const SESSION_ROLES = `'investigator', 'prosecutor', 'judge', 'clerk', 'defence_lawyer', 'duty_lawyer', 'custody_officer',
  'detainee', 'interpreter', 'observer'`;
const KINDS = `'session_booked', 'session_rescheduled', 'session_cancelled', 'case_progress'`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE users DROP CONSTRAINT users_role_check');
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (${STAFF}, 'mediator', 'kiosk_device', 'party_guest'))`);
  await knex.raw('ALTER TABLE session_participants DROP CONSTRAINT session_participants_role_check');
  await knex.raw(`ALTER TABLE session_participants ADD CONSTRAINT session_participants_role_check
    CHECK (session_role IN (${SESSION_ROLES}, 'mediator', 'party'))`);
  await knex.raw('ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check');
  await knex.raw(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${KINDS}, 'mediation_invitation'))`);
  await knex.schema.alterTable('notifications', (t) => {
    // NOTE: a secret the text carries (an invitation code), sealed at rest and put into the text only when it is sent.
    t.text('secret_enc');
  });
  await knex.schema.createTable('session_invitations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('session_id').notNullable().references('sessions.id').onDelete('RESTRICT').index();
    t.uuid('participant_id').notNullable().unique().references('session_participants.id').onDelete('RESTRICT');
    t.uuid('guest_user_id').notNullable().unique().references('users.id').onDelete('RESTRICT');
    // NOTE: only the SHA-256 of the code is kept; the code itself is in the SMS alone.
    t.text('code_hash').notNullable().unique();
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('redeemed_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('session_invitations');
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumn('secret_enc');
  });
  await knex.raw('ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check');
  await knex.raw(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${KINDS}))`);
  await knex.raw('ALTER TABLE session_participants DROP CONSTRAINT session_participants_role_check');
  await knex.raw(`ALTER TABLE session_participants ADD CONSTRAINT session_participants_role_check
    CHECK (session_role IN (${SESSION_ROLES}))`);
  await knex.raw('ALTER TABLE users DROP CONSTRAINT users_role_check');
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (${STAFF}, 'kiosk_device'))`);
}
