// `hearing start`: config → database → media → listen, then print the URL and (in development) the demo logins.
import path from 'node:path';
import { config } from './config';
import { logger } from './logger';
import { startPlatform } from './platform';
import { loadAgencySigner } from './security/agencySigning';
import { loadPdfSigner } from './transcripts';
import { loadPeers } from './dossiers';
import { calendarYears, extendHolidayCalendar } from './deadlines';
import { loadOrCreateKeyFile } from './security/sensitive';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/seed.service';

/** Starts the platform from the environment's config and stops it cleanly on SIGINT/SIGTERM. */
export async function start(): Promise<void> {
  if (config.deadlines.holidayCalendarFile) extendHolidayCalendar(config.deadlines.holidayCalendarFile);
  const platform = await startPlatform({
    databaseUrl: config.db.url,
    embedded: { dataDir: config.db.embeddedDir, port: config.db.embeddedPort },
    http: { host: config.http.host, port: config.http.port },
    auth: { ...config.auth, secureCookies: config.http.secureCookies },
    media: config.media,
    seedDemo: config.seedDemo,
    clientDir: path.join(config.projectRoot, 'dist', 'client'),
    sensitiveKey: config.security.sensitiveDataKey
      ? Buffer.from(config.security.sensitiveDataKey, 'base64')
      : loadOrCreateKeyFile(config.security.sensitiveKeyFile),
    recording: config.recording,
    journalFile: config.journalFile,
    // NOTE: in production the agency's key is provisioned, never generated on the fly.
    signer: loadAgencySigner(config.security.agencySigningKeyFile, { create: !config.isProduction }),
    transcripts: {
      ...config.transcripts,
      pdfSigner: loadPdfSigner(
        config.security.agencyPdfP12File,
        config.security.agencyPdfP12Passphrase,
        config.security.agencyName,
        !config.isProduction,
      ),
    },
    dossiers: { ...config.dossiers, peers: loadPeers(config.dossiers.peersFile) },
  });
  const url = config.http.publicUrl ?? platform.url;
  console.log(`\n远程提讯 / 远程庭审 协同平台 is running at ${url}`);
  console.log(`  database: ${config.db.url ? 'DATABASE_URL' : `embedded Postgres in ${config.db.embeddedDir}`}`);
  console.log(`  media workers: ${platform.media.workerPids().length}`);
  console.log(
    `  holiday calendar: ${calendarYears().join(', ')}${config.deadlines.holidayCalendarFile ? ` (with ${config.deadlines.holidayCalendarFile})` : ' (HOLIDAY_CALENDAR_FILE adds years)'}`,
  );
  console.log(`  recordings: ${config.recording.root} (signing key ${platform.recordings.signer.keyId})`);
  console.log(`  final records: ${config.transcripts.root} (certificate ${config.security.agencyPdfP12File}.cert.pem)`);
  console.log(
    `  case files: ${config.dossiers.root} (acting for ${config.dossiers.agencyCode ?? 'no agency: AGENCY_CODE unset, receiving off'}; ` +
      `peers: ${
        loadPeers(config.dossiers.peersFile)
          .map((p) => `${p.code} key ${p.keyId}`)
          .join(', ') || 'none (PEERS_FILE)'
      })`,
  );
  if (!config.isProduction && config.seedDemo) {
    console.log(`\nDemo logins (development only; password for all: ${DEMO_PASSWORD})`);
    for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(14)} ${u.role.padEnd(16)} ${u.displayName}`);
    console.log('  The custody kiosk: log in as "custody" and choose 打开羁押室终端 on the session.');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('received %s, shutting down', signal);
    await platform.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
