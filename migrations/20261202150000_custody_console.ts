// The custody center's console: custody movements (收押, 转押, 出所) with the time each person was
// taken into their present center, and kiosk devices (a device account bound to one custody room,
// paired once with a short-lived code, then holding a long-lived device credential).
import type { Knex } from 'knex';

const STAFF = `'investigator', 'prosecutor', 'judge', 'clerk', 'lawyer', 'custody_officer', 'interpreter', 'observer', 'admin'`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_persons', (t) => {
    // NOTE: null while the person is sent to custody_center_id but not yet taken in (待收押).
    t.timestamp('admitted_at', { useTz: true });
  });
  await knex.schema.createTable('custody_movements', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('person_id').notNullable().references('case_persons.id').onDelete('RESTRICT').index();
    t.text('kind').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.uuid('from_center_id').references('agencies.id').onDelete('RESTRICT');
    t.uuid('to_center_id').references('agencies.id').onDelete('RESTRICT');
    t.text('new_status');
    t.text('document_ref').notNullable();
    t.text('note').notNullable().defaultTo('');
    t.uuid('recorded_by').notNullable().references('users.id').onDelete('RESTRICT');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE custody_movements ADD CONSTRAINT custody_movements_kind_check
    CHECK (kind IN ('admission', 'transfer', 'release'))`);
  await knex.raw(`ALTER TABLE custody_movements ADD CONSTRAINT custody_movements_new_status_check
    CHECK (new_status IN ('released', 'bail', 'residential_surveillance'))`);
  // NOTE: persons already held at a center before the console existed count as taken in when recorded.
  await knex.raw(`UPDATE case_persons SET admitted_at = created_at
    WHERE custody_center_id IS NOT NULL AND custody_status IN ('detained', 'arrested')`);

  await knex.raw('ALTER TABLE users DROP CONSTRAINT users_role_check');
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (${STAFF}, 'kiosk_device'))`);
  await knex.schema.createTable('kiosk_devices', (t) => {
    t.uuid('user_id').primary().references('users.id').onDelete('RESTRICT');
    t.uuid('room_id').notNullable().references('custody_rooms.id').onDelete('RESTRICT').index();
    t.text('label').notNullable();
    // NOTE: only SHA-256 hashes of the pairing code and of the device credential are stored.
    t.text('pairing_code_hash');
    t.timestamp('pairing_expires_at', { useTz: true });
    t.text('secret_hash').unique();
    t.timestamp('paired_at', { useTz: true });
    t.timestamp('last_seen_at', { useTz: true });
    t.uuid('enrolled_by').notNullable().references('users.id').onDelete('RESTRICT');
    t.timestamp('enrolled_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
    t.uuid('revoked_by').references('users.id').onDelete('RESTRICT');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('kiosk_devices');
  await knex('users').where({ role: 'kiosk_device' }).delete();
  await knex.raw('ALTER TABLE users DROP CONSTRAINT users_role_check');
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (${STAFF}))`);
  await knex.schema.dropTable('custody_movements');
  await knex.schema.alterTable('case_persons', (t) => {
    t.dropColumn('admitted_at');
  });
}
