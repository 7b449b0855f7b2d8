// A case may be marked as never to be tried online (state secrets, national security, major or
// complex, high public impact); a fast-track trial of such a case is refused at booking.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.text('online_exclusion');
  });
  await knex.raw(`ALTER TABLE cases ADD CONSTRAINT cases_online_exclusion_check
    CHECK (online_exclusion IN ('state_secret', 'national_security', 'complex', 'high_profile'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE cases DROP CONSTRAINT cases_online_exclusion_check');
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('online_exclusion');
  });
}
