// The notification outbox: each notice to a person (booking, rescheduling, cancellation) is a row
// committed with the act it is about, then sent by SMS through the configured gateway, retried with
// backoff. Staff accounts get an optional mobile number (mainland, 11 digits).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('mobile');
  });
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_mobile_check CHECK (mobile ~ '^1[3-9][0-9]{9}$')`);
  await knex.schema.createTable('notifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('kind').notNullable();
    t.uuid('recipient_user_id').notNullable().references('users.id').onDelete('RESTRICT').index();
    t.uuid('session_id').references('sessions.id').onDelete('RESTRICT').index();
    // NOTE: the number the notice goes to, as it was when queued (null: shown in the platform only).
    t.text('mobile');
    t.text('body').notNullable();
    t.text('state').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('last_error');
    t.text('gateway_message_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('session_booked', 'session_rescheduled', 'session_cancelled'))`);
  await knex.raw(`ALTER TABLE notifications ADD CONSTRAINT notifications_state_check
    CHECK (state IN ('pending', 'sent', 'failed', 'in_app'))`);
  await knex.raw(`CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE state = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notifications');
  await knex.raw('ALTER TABLE users DROP CONSTRAINT users_mobile_check');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('mobile');
  });
}
