// `hearing start`: config → database → media → listen, then print the URL and (in development) the demo logins.
import fs from 'node:fs';
import path from 'node:path';
import { config } from './config';
import { logger } from './logger';
import { startPlatform } from './platform';
import { loadAgencySigner } from './security/agencySigning';
import { loadPdfSigner } from './transcripts';
import { loadPeers } from './dossiers';
import { calendarYears, extendHolidayCalendar } from './deadlines';
import { ensureLocalCertificate, type LocalCertificate, machineNames } from './security/localCa';
import { loadOrCreateKeyFile } from './security/sensitive';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/seed.service';
import { HttpSmsGateway } from './notifications';

/** Starts the platform from the environment's config and stops it cleanly on SIGINT/SIGTERM. */
export async function start(): Promise<void> {
  if (config.deadlines.holidayCalendarFile) extendHolidayCalendar(config.deadlines.holidayCalendarFile);
  const tls = loadTls();
  const platform = await startPlatform({
    databaseUrl: config.db.url,
    embedded: { dataDir: config.db.embeddedDir, port: config.db.embeddedPort },
    http: { host: config.http.host, port: config.http.port },
    auth: { ...config.auth, secureCookies: config.http.secureCookies || Boolean(config.http.publicUrl?.startsWith('https://')) },
    web: {
      tls: tls ?? undefined,
      allowedOrigins: [...(config.http.publicUrl ? [config.http.publicUrl] : []), ...config.web.allowedOrigins],
      loginFailuresPerAddress: config.web.loginFailuresPerAddress,
      turn:
        config.turn.urls.length && config.turn.secret
          ? { urls: config.turn.urls, secret: config.turn.secret, forceRelay: config.turn.forceRelay }
          : undefined,
    },
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
    publicUrl: config.http.publicUrl,
    notifications: {
      gateway: config.notifications.smsGatewayUrl
        ? new HttpSmsGateway(config.notifications.smsGatewayUrl, config.notifications.smsGatewayToken ?? '')
        : null,
      intervalMs: config.notifications.relayIntervalMs,
      maxBackoffMs: config.notifications.relayMaxBackoffMs,
    },
  });
  const url = config.http.publicUrl ?? platform.url;
  console.log(`\n远程提讯 / 远程庭审 协同平台 is running at ${url}`);
  if (tls && 'caFile' in tls) {
    console.log(`  HTTPS with the local CA ${tls.caFile} for: ${tls.names.join(', ')}`);
    console.log('    trust it once on each computer that opens the platform (README, "HTTPS, accounts and a production install");');
    console.log('    other machines need HOST=0.0.0.0 (and RTC_LISTEN_IP=0.0.0.0 RTC_ANNOUNCED_IP=<this address>)');
  } else if (tls) console.log(`  HTTPS with ${config.web.tlsCertFile}`);
  else console.log('  plain HTTP: cameras work only from this machine (TLS_CERT_FILE/TLS_KEY_FILE or TLS_LOCAL_CA=true)');
  console.log(
    `  TURN: ${config.turn.urls.length ? `${config.turn.urls.join(', ')}${config.turn.forceRelay ? ' (relay only)' : ''}` : 'none (TURN_URLS)'}`,
  );
  console.log(
    `  SMS notices: ${config.notifications.smsGatewayUrl ? 'through SMS_GATEWAY_URL' : 'none (SMS_GATEWAY_URL); notices are shown in the platform'}`,
  );
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
    console.log(
      '  The custody kiosk: log in as "custody" and choose 打开羁押室终端 on the session, or pair a kiosk device on 羁押室管理 and open /#/device on it.',
    );
  }
  if (config.isProduction) console.log('\nFirst start on an empty database? Make the first administrator: hearing admin create');
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

/** The certificate the platform serves: configured files, or the local CA's (outside production), or none. */
function loadTls(): { cert: Buffer; key: Buffer } | LocalCertificate | null {
  const { tlsCertFile, tlsKeyFile, localCa, localCaDir, tlsHostnames } = config.web;
  if (tlsCertFile && tlsKeyFile) return { cert: fs.readFileSync(tlsCertFile), key: fs.readFileSync(tlsKeyFile) };
  if (localCa && !config.isProduction) return ensureLocalCertificate(localCaDir, machineNames(tlsHostnames));
  return null;
}
