import type { Knex } from 'knex';

// Cases get a stage, persons concerned (ID numbers encrypted), key dates, approved deadline
// extensions, and the agencies they were sent to.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.text('stage').notNullable().defaultTo('investigation');
    t.boolean('fast_track').notNullable().defaultTo(false);
    t.boolean('sentence_over_one_year').notNullable().defaultTo(false);
  });
  await knex.raw(`ALTER TABLE cases ADD CONSTRAINT cases_stage_check
    CHECK (stage IN ('investigation', 'prosecution_review', 'trial', 'closed'))`);

  await knex.schema.createTable('case_access', (t) => {
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.uuid('agency_id').notNullable().references('agencies.id').onDelete('RESTRICT');
    t.uuid('granted_by').references('users.id').onDelete('RESTRICT');
    t.timestamp('granted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['case_id', 'agency_id']);
  });

  await knex.schema.createTable('case_persons', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id').onDelete('RESTRICT').index();
    t.text('name').notNullable();
    t.text('person_role').notNullable();
    // NOTE: sensitive personal data: AES-256-GCM ciphertext; only the last four characters are kept in clear.
    t.text('id_number_enc').notNullable();
    t.text('id_number_last4').notNullable();
    t.text('custody_status').notNullable();
    t.uuid('custody_center_id').references('agencies.id').onDelete('RESTRICT').index();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE case_persons ADD CONSTRAINT case_persons_role_check CHECK (person_role IN ('suspect', 'defendant'))`);
  await knex.raw(`ALTER TABLE case_persons ADD CONSTRAINT case_persons_custody_check
    CHECK (custody_status IN ('detained', 'arrested', 'residential_surveillance', 'bail', 'at_large', 'released'))`);

  await knex.schema.createTable('case_key_dates', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id').onDelete('RESTRICT').index();
    t.uuid('person_id').references('case_persons.id').onDelete('RESTRICT');
    t.text('kind').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.uuid('recorded_by').references('users.id').onDelete('RESTRICT');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE case_key_dates ADD CONSTRAINT case_key_dates_kind_check CHECK (kind IN ('detention', 'arrest',
    'arrest_application_received', 'prosecution_review_received', 'fast_track_accepted', 'duty_lawyer_requested', 'summons'))`);
  await knex.raw(
    `CREATE UNIQUE INDEX case_key_dates_unique ON case_key_dates (case_id, COALESCE(person_id, '00000000-0000-0000-0000-000000000000'::uuid), kind)`,
  );

  await knex.schema.createTable('deadline_extensions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id').onDelete('RESTRICT').index();
    t.uuid('person_id').references('case_persons.id').onDelete('RESTRICT');
    t.text('rule').notNullable();
    t.integer('amount').notNullable();
    t.text('approver').notNullable();
    t.text('document_ref').notNullable();
    t.text('reason').notNullable();
    t.uuid('recorded_by').notNullable().references('users.id').onDelete('RESTRICT');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE deadline_extensions ADD CONSTRAINT deadline_extensions_rule_check
    CHECK (rule IN ('D4', 'D6', 'D7', 'D15') AND amount > 0)`);

  await knex.schema.createTable('representations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('person_id').notNullable().references('case_persons.id').onDelete('RESTRICT').index();
    t.uuid('lawyer_user_id').notNullable().references('users.id').onDelete('RESTRICT').index();
    t.text('lawyer_kind').notNullable();
    t.timestamp('papers_presented_at', { useTz: true }).notNullable();
    t.uuid('recorded_by').notNullable().references('users.id').onDelete('RESTRICT');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['person_id', 'lawyer_user_id']);
  });
  await knex.raw(
    `ALTER TABLE representations ADD CONSTRAINT representations_kind_check CHECK (lawyer_kind IN ('defence_lawyer', 'duty_lawyer'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['representations', 'deadline_extensions', 'case_key_dates', 'case_persons', 'case_access'])
    await knex.schema.dropTable(t);
  await knex.raw('ALTER TABLE cases DROP CONSTRAINT cases_stage_check');
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumns('stage', 'fast_track', 'sentence_over_one_year');
  });
}
