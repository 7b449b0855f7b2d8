// Signed instruments made within a session (认罪认罚具结书, the judgment announced in court,
// 调解协议书): the instrument with its fields while drafted, its frozen text and hash once shown
// for signature, its final PDF; and the signatures, each bound to the hash of the text signed.
// The record of a session without a detainee is signed by the parties who took part ('party').
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('instruments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('session_id').notNullable().unique().references('sessions.id').onDelete('RESTRICT');
    t.text('kind').notNullable();
    t.text('state').notNullable().defaultTo('draft');
    t.integer('version').notNullable().defaultTo(0);
    t.jsonb('fields').notNullable();
    /** The text as shown for signature (title and paragraphs), fixed when signing opens. */
    t.jsonb('body');
    t.text('content_sha256');
    t.uuid('drafted_by').notNullable().references('session_participants.id').onDelete('RESTRICT');
    t.timestamp('opened_at', { useTz: true });
    t.timestamp('finalized_at', { useTz: true });
    t.text('pdf_file');
    t.text('pdf_sha256');
    t.text('pdf_sm3');
    t.text('verification_code').unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE instruments ADD CONSTRAINT instruments_kind_check
    CHECK (kind IN ('plea_statement', 'judgment', 'mediation_agreement'))`);
  await knex.raw(`ALTER TABLE instruments ADD CONSTRAINT instruments_state_check CHECK (state IN ('draft', 'signing', 'final'))`);
  await knex.schema.createTable('instrument_signatures', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('instrument_id').notNullable().references('instruments.id').onDelete('RESTRICT').index();
    t.uuid('participant_id').notNullable().references('session_participants.id').onDelete('RESTRICT');
    t.text('session_role').notNullable();
    t.text('endpoint').notNullable();
    t.text('content_sha256').notNullable();
    t.jsonb('strokes').notNullable();
    t.binary('image').notNullable();
    t.text('image_sha256').notNullable();
    /** Fingerprint image (the detainee's 捺印), AES-GCM sealed (sensitive personal data). */
    t.text('fingerprint_sealed');
    t.text('fingerprint_sha256');
    t.timestamp('signed_at', { useTz: true }).notNullable();
    t.timestamp('superseded_at', { useTz: true });
  });
  // NOTE: a signature stays as it was made; the application may only mark when it lapsed.
  await knex.raw('REVOKE UPDATE, DELETE, TRUNCATE ON instrument_signatures FROM hearing_app');
  await knex.raw('GRANT UPDATE (superseded_at) ON instrument_signatures TO hearing_app');
  await knex.raw('ALTER TABLE transcript_signatures DROP CONSTRAINT transcript_signatures_kind_check');
  await knex.raw(`ALTER TABLE transcript_signatures ADD CONSTRAINT transcript_signatures_kind_check
    CHECK (kind IN ('page', 'correction', 'closing', 'official', 'party'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE transcript_signatures DROP CONSTRAINT transcript_signatures_kind_check');
  await knex.raw(`ALTER TABLE transcript_signatures ADD CONSTRAINT transcript_signatures_kind_check
    CHECK (kind IN ('page', 'correction', 'closing', 'official'))`);
  await knex.schema.dropTable('instrument_signatures');
  await knex.schema.dropTable('instruments');
}
