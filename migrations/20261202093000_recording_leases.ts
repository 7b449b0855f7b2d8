// A recording part is written by one platform instance: the owner, which renews a lease on it
// while it records. Only the owner registers segments; start-up recovery takes a part only from
// its own earlier life or from an owner whose lease ran out, never from a live instance.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('recordings', (t) => {
    t.text('owner_instance');
    t.timestamp('lease_expires_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('recordings', (t) => {
    t.dropColumn('owner_instance');
    t.dropColumn('lease_expires_at');
  });
}
