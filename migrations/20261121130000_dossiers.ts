import type { Knex } from 'knex';

const APP_ROLE = 'hearing_app';

// The electronic dossier (电子卷宗): uploaded documents (write-once), the packages an agency built
// of a case file, the outbox that delivers them, the receipts that came back, and on the receiving
// side each accepted package as a version of the local case with every file it held.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    // A case received from another agency remembers where it came from (agency code + its case id).
    t.text('origin_agency_code');
    t.uuid('origin_case_id');
    t.unique(['agency_id', 'origin_agency_code', 'origin_case_id']);
  });

  await knex.schema.createTable('case_documents', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').notNullable().references('cases.id').onDelete('RESTRICT').index();
    t.text('title').notNullable();
    t.text('original_name').notNullable();
    t.text('file').notNullable();
    t.text('media_type').notNullable();
    t.bigInteger('bytes').notNullable();
    t.text('sha256').notNullable();
    t.text('sm3').notNullable();
    t.text('origin').notNullable();
    t.uuid('uploaded_by').notNullable().references('users.id').onDelete('RESTRICT');
    t.timestamp('uploaded_at', { useTz: true }).notNullable();
  });
  await knex.raw(`ALTER TABLE case_documents ADD CONSTRAINT case_documents_origin_check CHECK (origin IN ('born_digital', 'scanned'))`);

  await knex.schema.createTable('dossier_packages', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').notNullable().references('cases.id').onDelete('RESTRICT').index();
    t.integer('version').notNullable();
    t.text('recipient_code').notNullable();
    t.text('purpose').notNullable();
    t.text('dir').notNullable();
    t.text('manifest_sha256').notNullable();
    t.text('manifest_sm3').notNullable();
    t.integer('file_count').notNullable();
    t.bigInteger('total_bytes').notNullable();
    t.uuid('created_by').notNullable().references('users.id').onDelete('RESTRICT');
    t.timestamp('created_at', { useTz: true }).notNullable();
    // NOTE: the browser's id for the click that asked for it: a repeated request returns this package.
    t.uuid('request_id').notNullable().unique();
    t.boolean('for_transfer').notNullable();
    t.unique(['case_id', 'version']);
  });

  await knex.schema.createTable('dossier_outbox', (t) => {
    t.text('idempotency_key').primary();
    t.uuid('package_id').notNullable().unique().references('dossier_packages.id').onDelete('RESTRICT');
    t.text('peer_code').notNullable();
    t.text('state').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable();
    t.text('last_error');
    t.text('refusal_code');
    t.text('refusal_message');
    t.jsonb('refusal_data');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('delivered_at', { useTz: true });
  });
  await knex.raw(
    `ALTER TABLE dossier_outbox ADD CONSTRAINT dossier_outbox_state_check CHECK (state IN ('pending', 'delivered', 'refused'))`,
  );
  await knex.raw(`CREATE INDEX dossier_outbox_due ON dossier_outbox (next_attempt_at) WHERE state = 'pending'`);

  await knex.schema.createTable('dossier_receipts', (t) => {
    t.uuid('id').primary();
    t.uuid('package_id').notNullable().unique().references('dossier_packages.id').onDelete('RESTRICT');
    t.text('receiver_code').notNullable();
    t.text('receipt_json').notNullable();
    t.text('signature').notNullable();
    t.text('receipt_sha256').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.timestamp('stored_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('received_dossiers', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').notNullable().references('cases.id').onDelete('RESTRICT').index();
    t.integer('version').notNullable();
    t.text('sender_code').notNullable();
    t.uuid('package_id').notNullable();
    t.text('idempotency_key').notNullable().unique();
    t.text('purpose').notNullable();
    t.text('manifest_sha256').notNullable();
    t.text('manifest_sm3').notNullable();
    t.text('dir').notNullable();
    t.integer('file_count').notNullable();
    t.bigInteger('total_bytes').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.text('receipt_json').notNullable();
    t.text('receipt_signature').notNullable();
    t.unique(['case_id', 'version']);
    t.unique(['sender_code', 'package_id']);
  });

  await knex.schema.createTable('received_dossier_files', (t) => {
    t.bigIncrements('id');
    t.uuid('received_dossier_id').notNullable().references('received_dossiers.id').onDelete('RESTRICT').index();
    t.text('path').notNullable();
    t.bigInteger('bytes').notNullable();
    t.text('sha256').notNullable();
    t.text('sm3').notNullable();
    t.text('media_type').notNullable();
    t.text('kind').notNullable();
    t.jsonb('provenance').notNullable();
    t.unique(['received_dossier_id', 'path']);
  });

  // NOTE: what was ingested, packaged, received or acknowledged is evidence: the app may add, never change.
  for (const table of ['case_documents', 'dossier_packages', 'dossier_receipts', 'received_dossiers', 'received_dossier_files']) {
    await knex.raw(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM ${APP_ROLE}`);
  }
  await knex.raw(`REVOKE DELETE, TRUNCATE ON dossier_outbox FROM ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const t of [
    'received_dossier_files',
    'received_dossiers',
    'dossier_receipts',
    'dossier_outbox',
    'dossier_packages',
    'case_documents',
  ]) {
    await knex.schema.dropTable(t);
  }
  await knex.schema.alterTable('cases', (t) => {
    t.dropUnique(['agency_id', 'origin_agency_code', 'origin_case_id']);
    t.dropColumns('origin_agency_code', 'origin_case_id');
  });
}
