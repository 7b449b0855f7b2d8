// Writes that must not be lost (segments, gaps, standalone audit entries, telemetry) carry an id;
// applying one records its id here in the same transaction, so a write replayed from the local
// journal after a database outage or a crash is applied exactly once.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('journal_applied', (t) => {
    t.uuid('entry_id').primary();
    t.text('kind').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('applied_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('REVOKE UPDATE, DELETE, TRUNCATE ON journal_applied FROM hearing_app');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('journal_applied');
}
