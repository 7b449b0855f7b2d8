import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cases', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('agency_id').notNullable().references('agencies.id').onDelete('RESTRICT').index();
    t.text('case_number').notNullable();
    t.text('title').notNullable();
    t.text('charge').notNullable();
    t.timestamps(true, true);
    t.unique(['agency_id', 'case_number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('cases');
}
