// The `hearing` command: start, migrate, demo, benchmarks, verify (audit chain, recordings), audit export.
import { Command, InvalidArgumentError, Option } from 'commander';
import { runExportAudit, runVerifyAudit } from './audit';
import { runAdminCreate, type AdminCreateOptions } from './adminCreate';
import { runBenchBook } from './benchBook';
import { runBenchJoin } from './benchJoin';
import { runBenchRecording } from './benchRecording';
import { runBenchLoad } from './benchLoad';
import { type BenchSfuOptions, runBenchSfu } from './benchSfu';
import { runDemo } from './demo';
import { DEMO_TYPES, type DemoType, runTypedDemo } from './demoTypes';
import { runMigrate } from './migrate';
import { runVerifyRecording } from './verifyRecording';
import { runVerifyTranscript } from './verifyTranscript';
import { runVerifyPackage } from './verifyPackage';
import { isPackageDir } from '../dossiers';
import { runBenchPdf } from './benchPdf';
import { runBenchDossier } from './benchDossier';
import { start } from '../main';

const positiveInt = (v: string): number => {
  const n = Number.parseInt(v, 10);
  if (!Number.isInteger(n) || n <= 0 || String(n) !== v) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('hearing')
    .description('远程提讯 / 远程庭审 协同平台 — remote interrogation and hearing platform')
    .exitOverride();

  program
    .command('start')
    .description('start the platform (embedded Postgres unless DATABASE_URL is set)')
    .action(async () => {
      await start();
      code = -1;
    });

  program
    .command('admin')
    .description('`hearing admin create`: the first administrator of an empty installation (asks for what the flags do not give)')
    .argument('<action>', 'create')
    .option('--username <name>', "the administrator's login name")
    .option('--display-name <name>', 'the name shown in the UI')
    .option('--agency-code <code>', 'the agency they sit in (created when the code is new)')
    .option('--agency-name <name>', "the agency's name, e.g. 呼伦贝尔市公安局")
    .option('--agency-kind <kind>', 'police, procuratorate, court, custody_center or justice_bureau')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(async (action: string, o: AdminCreateOptions) => {
      if (action !== 'create') throw new InvalidArgumentError(`unknown admin action "${action}"; try: create`);
      code = await runAdminCreate(o);
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      code = await runMigrate();
    });

  program
    .command('demo')
    .description('run a scripted remote interrogation with headless Chromium participants')
    .requiredOption('--out <dir>', 'folder for report.json and screenshots')
    .option('--seconds <n>', 'how long the call runs', positiveInt, 15)
    .option('--url <url>', 'an already running platform (default: start one in-process)')
    .addOption(new Option('--type <type>', 'the session type to run').choices(['interrogation', ...DEMO_TYPES]).default('interrogation'))
    .action(async (o: { out: string; seconds: number; url?: string; type: 'interrogation' | DemoType }) => {
      code =
        o.type === 'interrogation' ? await runDemo(o) : await runTypedDemo({ out: o.out, type: o.type, ...(o.url ? { url: o.url } : {}) });
    });

  program
    .command('bench-join')
    .description('benchmark: join → first remote frame, p50/p95 over N joins')
    .option('--joins <n>', 'number of joins', positiveInt, 20)
    .option('--url <url>', 'an already running platform (default: start one in-process)')
    .action(async (o: { joins: number; url?: string }) => {
      code = await runBenchJoin(o);
    });

  program
    .command('bench-book')
    .description('benchmark: booking latency p50/p95 and a same-slot race (exactly one must win)')
    .option('--bookings <n>', 'sequential bookings', positiveInt, 50)
    .option('--racers <n>', 'simultaneous bookings of one slot', positiveInt, 20)
    .action(async (o: { bookings: number; racers: number }) => {
      code = await runBenchBook(o);
    });

  program
    .command('bench-load')
    .description('benchmark: simultaneous recorded 4-party hearings from synthetic RTP, raised until the worker, loss or a manifest gives')
    .option('--start <n>', 'hearings at the first level', positiveInt, 4)
    .option('--step <n>', 'hearings added per level', positiveInt, 4)
    .option('--max <n>', 'the most hearings tried', positiveInt, 40)
    .option('--seconds <n>', 'how long each level is measured', positiveInt, 15)
    .action(async (o: { start: number; step: number; max: number; seconds: number }) => {
      code = await runBenchLoad(o);
    });

  program
    .command('bench-sfu')
    .description('benchmark: our mediasoup worker against Janus VideoRoom, same clients and streams, rooms raised until CPU or loss gives')
    .option('--publishers <n>', 'publishers per room (a VP8 camera and an Opus microphone each)', positiveInt, 2)
    .option('--subscribers <n>', 'subscribers per room, each receiving every publisher', positiveInt, 4)
    .option('--start <n>', 'rooms at the first level', positiveInt, 2)
    .option('--step <n>', 'rooms added per level', positiveInt, 2)
    .option('--max <n>', 'the most rooms tried', positiveInt, 30)
    .option('--seconds <n>', 'how long each level is measured', positiveInt, 10)
    .action(async (o: BenchSfuOptions) => {
      code = await runBenchSfu(o);
    });

  program
    .command('bench-recording')
    .description('benchmark: CPU cores per recorded producer (worker + ffmpeg) and hashing against sha256sum')
    .option('--cameras <n>', 'simulated custody-room cameras (each a video and an audio producer)', positiveInt, 4)
    .option('--seconds <n>', 'how long to record', positiveInt, 30)
    .action(async (o: { cameras: number; seconds: number }) => {
      code = await runBenchRecording(o);
    });

  program
    .command('bench-pdf')
    .description('benchmark: a ~100-page Chinese record built, stamped and signed; median time and size')
    .option('--pages <n>', 'pages to print', positiveInt, 100)
    .option('--runs <n>', 'runs (the first includes loading the font)', positiveInt, 7)
    .action(async (o: { pages: number; runs: number }) => {
      code = await runBenchPdf(o);
    });

  program
    .command('bench-dossier')
    .description('benchmark: packaging throughput (copy, SHA-256, SM3, signed manifest) against tar + sha256sum on the same files')
    .option('--mib <n>', 'size of the case file to package, MiB', positiveInt, 512)
    .option('--runs <n>', 'rounds', positiveInt, 3)
    .action(async (o: { mib: number; runs: number }) => {
      code = await runBenchDossier(o);
    });

  program
    .command('verify')
    .description(
      'verify evidence offline: `hearing verify audit` walks the audit chain; ' +
        '`hearing verify <manifest.json|folder>` checks a sealed recording; `hearing verify <transcript.pdf>` checks a final record; ' +
        '`hearing verify <package folder>` checks a dossier package',
    )
    .argument('<what>', '"audit", a recording manifest.json or its folder, a record\'s PDF, or a dossier package folder')
    .option('--database-url <url>', 'Postgres URL for `verify audit` (default: DATABASE_URL or the embedded database)')
    .option(
      '--public-key <pem>',
      "the (sending) agency's public key or document-signing certificate (default: the copy enclosed, reported as such)",
    )
    .option('--manifest <file>', 'for a PDF: the recording manifest.json (or its folder) the record must name')
    .option('--json', 'print the full result as JSON')
    .action(async (what: string, o: { databaseUrl?: string; publicKey?: string; manifest?: string; json?: boolean }) => {
      if (what === 'audit') code = await runVerifyAudit(o.databaseUrl);
      else if (what.toLowerCase().endsWith('.pdf')) code = await runVerifyTranscript(what, o);
      else if (isPackageDir(what)) code = await runVerifyPackage(what, o);
      else code = await runVerifyRecording(what, o);
    });

  program
    .command('audit')
    .description('audit trail tools: `hearing audit export --out FILE.csv` (with hashes)')
    .argument('<action>', 'export')
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--database-url <url>', 'Postgres URL (default: DATABASE_URL or the embedded database)')
    .action(async (action: string, o: { out: string; databaseUrl?: string }) => {
      if (action !== 'export') throw new InvalidArgumentError(`unknown audit action "${action}"; try: export`);
      code = await runExportAudit(o.databaseUrl, o.out);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    if (typeof e.exitCode === 'number') return e.exitCode;
    throw err;
  }
  // NOTE: `start` keeps running; undefined tells bin/hearing.js not to set an exit code.
  return code === -1 ? (undefined as unknown as number) : code;
}
