// The complainant (报案人) and the victim (被害人) of a case, told of its progress by SMS (执法公开):
// they have no account, so a notice goes either to a user or to a case contact.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_contacts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id').onDelete('RESTRICT').index();
    t.text('name').notNullable();
    t.text('contact_role').notNullable();
    t.text('mobile').notNullable();
    t.uuid('recorded_by').notNullable().references('users.id').onDelete('RESTRICT');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE case_contacts ADD CONSTRAINT case_contacts_role_check CHECK (contact_role IN ('complainant', 'victim'))`);
  await knex.raw(`ALTER TABLE case_contacts ADD CONSTRAINT case_contacts_mobile_check CHECK (mobile ~ '^1[3-9][0-9]{9}$')`);

  await knex.raw('ALTER TABLE notifications ALTER COLUMN recipient_user_id DROP NOT NULL');
  await knex.schema.alterTable('notifications', (t) => {
    t.uuid('recipient_contact_id').references('case_contacts.id').onDelete('RESTRICT').index();
    t.uuid('case_id').references('cases.id').onDelete('RESTRICT');
  });
  await knex.raw(`ALTER TABLE notifications ADD CONSTRAINT notifications_one_recipient_check
    CHECK ((recipient_user_id IS NULL) <> (recipient_contact_id IS NULL))`);
  await knex.raw('ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check');
  await knex.raw(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('session_booked', 'session_rescheduled', 'session_cancelled', 'case_progress'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex('notifications').whereNotNull('recipient_contact_id').delete();
  await knex.raw('ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check');
  await knex.raw(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('session_booked', 'session_rescheduled', 'session_cancelled'))`);
  await knex.raw('ALTER TABLE notifications DROP CONSTRAINT notifications_one_recipient_check');
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumn('recipient_contact_id');
    t.dropColumn('case_id');
  });
  await knex.raw('ALTER TABLE notifications ALTER COLUMN recipient_user_id SET NOT NULL');
  await knex.schema.dropTable('case_contacts');
}
