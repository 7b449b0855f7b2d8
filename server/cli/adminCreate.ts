// `hearing admin create`: the first administrator of an installation (and the agency they sit in),
// from flags or by asking. The password comes from standard input or a hidden prompt, never from a
// flag (it would stay in the shell's history and the process list).
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { createFirstAdmin, type FirstAdminInput } from '../accounts';
import { config } from '../config';
import { connectDb, migrateWithOwner } from '../db/db';
import { startEmbeddedPostgres } from '../db/embeddedPostgres';
import { AppError } from '../errors';
import { AGENCY_KINDS, type AgencyKind } from '../vocabulary';

export type AdminCreateOptions = {
  username?: string;
  displayName?: string;
  agencyCode?: string;
  agencyName?: string;
  agencyKind?: string;
  passwordStdin?: boolean;
};

export async function runAdminCreate(o: AdminCreateOptions): Promise<number> {
  const input = await gather(o);
  const pg = config.db.url ? null : await startEmbeddedPostgres({ dataDir: config.db.embeddedDir, port: config.db.embeddedPort });
  const url = config.db.url ?? (pg as { url: string }).url;
  try {
    await migrateWithOwner(url);
    const db = connectDb(url, { asAppRole: true });
    try {
      const admin = await createFirstAdmin(db, input);
      console.log(`administrator "${admin.username}" (${admin.displayName}) created in ${admin.agencyName}; log in and open 系统管理`);
      return 0;
    } finally {
      await db.destroy();
    }
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`refused (${err.code}): ${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    await pg?.stop();
  }
}

async function gather(o: AdminCreateOptions): Promise<FirstAdminInput> {
  const ask = asker();
  try {
    const agencyKind = (o.agencyKind ?? (await ask.line(`agency kind (${AGENCY_KINDS.join('/')})`, 'police'))) as AgencyKind;
    if (!AGENCY_KINDS.includes(agencyKind)) throw new Error(`agency kind must be one of ${AGENCY_KINDS.join(', ')}`);
    const agencyCode = o.agencyCode ?? (await ask.line('agency code (e.g. HLBE-PSB)'));
    const agencyName = o.agencyName ?? (await ask.line('agency name (e.g. 呼伦贝尔市公安局)'));
    const username = o.username ?? (await ask.line('administrator username', 'admin'));
    const displayName = o.displayName ?? (await ask.line('administrator display name', '系统管理员'));
    const password = o.passwordStdin ? await ask.stdinLine() : await ask.hidden('password (12+ characters, three kinds)');
    if (!o.passwordStdin && (await ask.hidden('password again')) !== password) throw new Error('the two passwords differ');
    return { agency: { code: agencyCode, name: agencyName, kind: agencyKind }, username, displayName, password };
  } finally {
    ask.close();
  }
}

function asker() {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY === true });
  const lines = rl[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const r = await lines.next();
    if (r.done) throw new Error('standard input ended before every answer was given');
    return String(r.value).trim();
  };
  return {
    async line(question: string, fallback?: string): Promise<string> {
      process.stderr.write(`${question}${fallback ? ` [${fallback}]` : ''}: `);
      const v = await next();
      return v || fallback || '';
    },
    async hidden(question: string): Promise<string> {
      process.stderr.write(`${question}: `);
      muted = true;
      try {
        return await next();
      } finally {
        muted = false;
        process.stderr.write('\n');
      }
    },
    stdinLine: next,
    close: () => rl.close(),
  };
}
