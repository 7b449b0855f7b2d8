import type { Knex } from 'knex';

// The record of a session (笔录): its blocks as typed (current state), every revision ever saved
// (append-only: nothing typed is lost), the detainee's correction requests, the pages as laid out
// for confirmation, every signature and fingerprint, and the final stamped PDF.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('transcripts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('session_id').notNullable().unique().references('sessions.id').onDelete('RESTRICT');
    t.text('state').notNullable().defaultTo('drafting');
    t.integer('version').notNullable().defaultTo(0);
    t.uuid('editor_participant_id').references('session_participants.id').onDelete('RESTRICT');
    t.text('closing_mode').notNullable();
    t.timestamp('submitted_at', { useTz: true });
    t.timestamp('finalized_at', { useTz: true });
    t.text('pdf_file');
    t.text('pdf_sha256');
    t.text('pdf_sm3');
    t.text('content_sha256');
    t.text('verification_code').unique();
    t.timestamps(true, true);
  });
  await knex.raw(`ALTER TABLE transcripts ADD CONSTRAINT transcripts_state_check CHECK (state IN ('drafting', 'confirming', 'final'))`);
  await knex.raw(`ALTER TABLE transcripts ADD CONSTRAINT transcripts_closing_check CHECK (closing_mode IN ('handwritten', 'typed'))`);

  await knex.schema.createTable('transcript_blocks', (t) => {
    t.uuid('id').primary();
    t.uuid('transcript_id').notNullable().references('transcripts.id').onDelete('RESTRICT').index();
    t.double('ord').notNullable();
    t.text('kind').notNullable();
    t.text('text').notNullable();
    t.boolean('deleted').notNullable().defaultTo(false);
    t.uuid('last_op_id').notNullable();
    t.integer('revision').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.raw(`ALTER TABLE transcript_blocks ADD CONSTRAINT transcript_blocks_kind_check CHECK (kind IN ('q', 'a', 'note'))`);

  await knex.schema.createTable('transcript_corrections', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('transcript_id').notNullable().references('transcripts.id').onDelete('RESTRICT').index();
    t.uuid('block_id').notNullable().references('transcript_blocks.id').onDelete('RESTRICT');
    t.text('note').notNullable();
    t.text('state').notNullable().defaultTo('open');
    t.uuid('requested_by').notNullable().references('session_participants.id').onDelete('RESTRICT');
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.uuid('resolved_op_id');
    t.timestamp('resolved_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE transcript_corrections ADD CONSTRAINT transcript_corrections_state_check CHECK (state IN ('open', 'made'))`);

  await knex.schema.createTable('transcript_revisions', (t) => {
    t.bigIncrements('id');
    t.uuid('transcript_id').notNullable().references('transcripts.id').onDelete('RESTRICT').index();
    t.uuid('block_id').notNullable();
    t.uuid('op_id').notNullable().unique();
    t.integer('version').notNullable();
    t.double('ord').notNullable();
    t.text('kind').notNullable();
    t.text('text').notNullable();
    t.boolean('deleted').notNullable();
    t.uuid('correction_id').references('transcript_corrections.id').onDelete('RESTRICT');
    t.uuid('participant_id').notNullable().references('session_participants.id').onDelete('RESTRICT');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['transcript_id', 'version']);
  });

  await knex.schema.createTable('transcript_pages', (t) => {
    t.uuid('transcript_id').notNullable().references('transcripts.id').onDelete('RESTRICT');
    t.integer('number').notNullable();
    t.integer('total').notNullable();
    t.text('sha256').notNullable();
    t.jsonb('lines').notNullable();
    t.primary(['transcript_id', 'number']);
  });

  await knex.schema.createTable('transcript_signatures', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('transcript_id').notNullable().references('transcripts.id').onDelete('RESTRICT').index();
    t.text('kind').notNullable();
    t.integer('page_number');
    t.text('page_sha256');
    t.uuid('correction_id').references('transcript_corrections.id').onDelete('RESTRICT');
    t.uuid('participant_id').notNullable().references('session_participants.id').onDelete('RESTRICT');
    t.text('endpoint').notNullable();
    t.jsonb('strokes');
    t.binary('image');
    t.text('image_sha256');
    /** Fingerprint image, AES-GCM sealed (sensitive personal data). */
    t.text('fingerprint_sealed');
    t.text('fingerprint_sha256');
    t.text('fingerprint_method');
    t.text('typed_text');
    t.timestamp('signed_at', { useTz: true }).notNullable();
    t.timestamp('superseded_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE transcript_signatures ADD CONSTRAINT transcript_signatures_kind_check
    CHECK (kind IN ('page', 'correction', 'closing', 'official'))`);

  // NOTE: what was typed and what was signed stay as they were: revisions are write-once for the
  // application, and of a signature it may only mark the time it was superseded.
  await knex.raw('REVOKE UPDATE, DELETE, TRUNCATE ON transcript_revisions FROM hearing_app');
  await knex.raw('REVOKE UPDATE, DELETE, TRUNCATE ON transcript_signatures FROM hearing_app');
  await knex.raw('GRANT UPDATE (superseded_at) ON transcript_signatures TO hearing_app');
}

export async function down(knex: Knex): Promise<void> {
  for (const t of [
    'transcript_signatures',
    'transcript_pages',
    'transcript_revisions',
    'transcript_corrections',
    'transcript_blocks',
    'transcripts',
  ]) {
    await knex.schema.dropTable(t);
  }
}
