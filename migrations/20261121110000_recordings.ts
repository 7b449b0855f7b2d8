import type { Knex } from 'knex';

// Evidence-grade recording: a session's recording (one part per server run of the session), its
// tracks (one per participant and media source), the write-once hashed segments of each track
// (chained, track by track) and the gaps with their detected and stated causes.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('recordings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('session_id').notNullable().references('sessions.id').onDelete('RESTRICT').index();
    t.integer('part').notNullable();
    t.text('state').notNullable().defaultTo('recording');
    t.text('dir').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
    t.text('interrupted_reason');
    t.text('manifest_sha256');
    t.text('manifest_sm3');
    t.text('manifest_key_id');
    t.timestamp('sealed_at', { useTz: true });
    t.text('court_view_file');
    t.text('court_view_sha256');
    t.text('court_view_sm3');
    t.unique(['session_id', 'part']);
  });
  await knex.raw(`ALTER TABLE recordings ADD CONSTRAINT recordings_state_check CHECK (state IN ('recording', 'complete', 'interrupted'))`);
  // NOTE: at most one recording part of a session is being written at any time.
  await knex.raw(`CREATE UNIQUE INDEX recordings_one_active ON recordings (session_id) WHERE state = 'recording'`);

  await knex.schema.createTable('recording_tracks', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('recording_id').notNullable().references('recordings.id').onDelete('RESTRICT').index();
    t.integer('seq').notNullable();
    t.uuid('participant_id').notNullable().references('session_participants.id').onDelete('RESTRICT');
    t.text('source').notNullable();
    t.text('kind').notNullable();
    t.text('label').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.unique(['recording_id', 'participant_id', 'source']);
    t.unique(['recording_id', 'seq']);
  });

  await knex.schema.createTable('recording_segments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('track_id').notNullable().references('recording_tracks.id').onDelete('RESTRICT').index();
    t.integer('idx').notNullable();
    t.text('file').notNullable();
    t.bigInteger('bytes').notNullable();
    t.text('sha256').notNullable();
    t.text('sm3').notNullable();
    t.text('prev_link').notNullable();
    t.text('link_sha256').notNullable();
    t.text('link_sm3').notNullable();
    t.integer('run').notNullable();
    t.integer('media_start_ms').notNullable();
    t.integer('media_end_ms').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true }).notNullable();
    /** Registered at start-up after a crash; `truncated_bytes` of a cut-off cluster were dropped. */
    t.boolean('salvaged').notNullable().defaultTo(false);
    t.integer('truncated_bytes').notNullable().defaultTo(0);
    t.timestamp('registered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['track_id', 'idx']);
  });

  await knex.schema.createTable('recording_gaps', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('recording_id').notNullable().references('recordings.id').onDelete('RESTRICT').index();
    t.uuid('track_id').references('recording_tracks.id').onDelete('RESTRICT');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
    t.text('detected_cause').notNullable();
    /** Equipment failures and gaps in the detainee's picture or sound while live need a stated cause. */
    t.boolean('requires_cause').notNullable();
    t.text('stated_cause');
    t.uuid('stated_by').references('users.id').onDelete('RESTRICT');
    t.timestamp('stated_at', { useTz: true });
  });

  // NOTE: registered segments are write-once for the application, like the files they describe.
  await knex.raw('REVOKE UPDATE, DELETE, TRUNCATE ON recording_segments FROM hearing_app');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('recording_gaps');
  await knex.schema.dropTable('recording_segments');
  await knex.schema.dropTable('recording_tracks');
  await knex.schema.dropTable('recordings');
}
