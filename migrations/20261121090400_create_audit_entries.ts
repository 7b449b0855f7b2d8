import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_entries', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable();
    t.uuid('actor_user_id');
    t.uuid('agency_id');
    t.text('action').notNullable();
    t.text('object_type').notNullable();
    t.text('object_id');
    t.text('outcome').notNullable();
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.text('prev_hash').notNullable();
    t.text('hash').notNullable().unique();
  });
  await knex.raw(`ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_outcome_check
    CHECK (outcome IN ('success', 'failure', 'denied'))`);
  await knex.raw('CREATE INDEX audit_entries_object_idx ON audit_entries (object_type, object_id)');
  // NOTE: append-only even for the application: a trigger refuses UPDATE and DELETE. Revoking the
  // privileges from a separate application role is done where a real server is configured.
  await knex.raw(`CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$`);
  await knex.raw(`CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS audit_entries_no_change ON audit_entries');
  await knex.raw('DROP FUNCTION IF EXISTS audit_entries_append_only()');
  await knex.schema.dropTable('audit_entries');
}
