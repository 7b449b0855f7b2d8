// The only reader of process.env. Everything else receives typed options.
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

const problems: string[] = [];
const env = process.env;

const str = (k: string, d: string): string => env[k] ?? d;
const optional = (k: string): string | undefined => (env[k] === '' ? undefined : env[k]);
const int = (k: string, d: number): number => {
  const raw = env[k];
  if (raw === undefined || raw === '') return d;
  const n = Number.parseInt(raw, 10);
  if (!Number.isFinite(n) || String(n) !== raw.trim()) problems.push(`${k} must be an integer, got "${raw}"`);
  return n;
};
const list = (k: string): string[] =>
  (env[k] ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const bool = (k: string, d: boolean): boolean => {
  const raw = env[k];
  if (raw === undefined || raw === '') return d;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  problems.push(`${k} must be true or false, got "${raw}"`);
  return d;
};

const projectRoot = path.resolve(__dirname, '..', ...(path.basename(path.resolve(__dirname, '..')) === 'dist' ? ['..'] : []));
const nodeEnv = str('NODE_ENV', 'development');
const recordingsRoot = str('RECORDINGS_DIR', path.join(projectRoot, 'var', 'recordings'));
// NOTE: the same installation keeps the same id across restarts (so it recovers its own parts at
// once); two installations on one database never share one.
const defaultInstanceId = `${os.hostname()}-${createHash('sha256').update(path.resolve(recordingsRoot)).digest('hex').slice(0, 8)}`;

export const config = Object.freeze({
  env: nodeEnv,
  isProduction: nodeEnv === 'production',
  projectRoot,
  http: {
    host: str('HOST', '127.0.0.1'),
    port: int('PORT', 3000),
    /** Public URL printed at start; defaults to http://HOST:PORT. */
    publicUrl: optional('PUBLIC_URL'),
    /** Force Secure cookies (set automatically when TLS is on or PUBLIC_URL is https). */
    secureCookies: bool('SECURE_COOKIES', false),
  },
  web: {
    /** PEM certificate chain and key: the platform serves HTTPS itself. */
    tlsCertFile: optional('TLS_CERT_FILE'),
    tlsKeyFile: optional('TLS_KEY_FILE'),
    /** Outside production, without TLS files: make a local CA and a certificate for TLS_HOSTNAMES (default true). */
    localCa: bool('TLS_LOCAL_CA', nodeEnv !== 'production'),
    localCaDir: str('TLS_LOCAL_CA_DIR', path.join(projectRoot, 'var', 'tls')),
    /** Extra names and addresses the local certificate covers (besides localhost, 127.0.0.1, this host's name and LAN addresses). */
    tlsHostnames: list('TLS_HOSTNAMES'),
    /** Origins whose pages may connect, besides PUBLIC_URL; unset with no PUBLIC_URL: the page's own host. */
    allowedOrigins: list('ALLOWED_ORIGINS'),
    loginFailuresPerAddress: int('LOGIN_FAILURES_PER_ADDRESS', 30),
  },
  turn: {
    /** turn:/turns: URLs given to browsers; unset: no TURN. */
    urls: list('TURN_URLS'),
    /** coturn's static-auth-secret (use-auth-secret); required with TURN_URLS. */
    secret: optional('TURN_SECRET'),
    forceRelay: bool('TURN_FORCE_RELAY', false),
  },
  db: {
    /** When unset, an embedded Postgres is started in db.embeddedDir. */
    url: optional('DATABASE_URL'),
    embeddedDir: str('EMBEDDED_PG_DIR', path.join(projectRoot, 'var', 'pg')),
    embeddedPort: int('EMBEDDED_PG_PORT', 54329),
  },
  auth: {
    sessionHours: int('AUTH_SESSION_HOURS', 8),
    /** Idle timeout: a login unused for this long must log in again (等保 session timeout). */
    idleMinutes: int('AUTH_IDLE_MINUTES', 30),
    /** Five wrong passwords in a row lock the account for this long (an administrator may unlock sooner). */
    lockMinutes: int('AUTH_LOCK_MINUTES', 30),
  },
  media: {
    numWorkers: int('MEDIA_WORKERS', os.availableParallelism()),
    listenIp: str('RTC_LISTEN_IP', '127.0.0.1'),
    announcedIp: optional('RTC_ANNOUNCED_IP'),
    /** One announced address per worker (comma-separated, worker order), for hosts with an address per worker. */
    announcedIps: list('RTC_ANNOUNCED_IPS'),
    /** Worker i listens on rtcBasePort + i (UDP and TCP) through a WebRtcServer. */
    rtcBasePort: int('RTC_BASE_PORT', 40000),
    logLevel: str('MEDIA_LOG_LEVEL', 'warn') as 'debug' | 'warn' | 'error' | 'none',
  },
  security: {
    /** base64 of 32 bytes; encrypts ID numbers at rest. Outside production a key file in var/ is used when unset. */
    sensitiveDataKey: optional('SENSITIVE_DATA_KEY'),
    sensitiveKeyFile: str('SENSITIVE_KEY_FILE', path.join(projectRoot, 'var', 'keys', 'sensitive.key')),
    /** Ed25519 private key (PEM) that signs recording manifests; created on first use outside production. */
    agencySigningKeyFile: str('AGENCY_SIGNING_KEY_FILE', path.join(projectRoot, 'var', 'keys', 'agency-signing.pem')),
    /** The agency's document-signing certificate and key (PKCS#12) that sign final records; created outside production. */
    agencyPdfP12File: str('AGENCY_PDF_P12_FILE', path.join(projectRoot, 'var', 'keys', 'agency-pdf.p12')),
    agencyPdfP12Passphrase: optional('AGENCY_PDF_P12_PASSPHRASE'),
    /** The agency this instance signs for (the certificate's name). */
    agencyName: str('AGENCY_NAME', '远程提讯平台演示机关'),
  },
  transcripts: {
    /** Where final records (signed PDFs) are written, once each. */
    root: str('TRANSCRIPTS_DIR', path.join(projectRoot, 'var', 'transcripts')),
    /** The CJK font records are printed in (Debian fonts-noto-cjk). */
    fontFile: str('TRANSCRIPT_FONT_FILE', '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'),
  },
  recording: {
    /** Where recordings are written (write-once segment files, manifests, court views). */
    root: recordingsRoot,
    segmentSeconds: int('RECORDING_SEGMENT_SECONDS', 4),
    ffmpegPath: str('FFMPEG_PATH', 'ffmpeg'),
    restartDelayMs: int('RECORDER_RESTART_DELAY_MS', 500),
    /** A camera or microphone silent for this long (no packets at all) opens a gap until media flows again. */
    stallMs: int('RECORDING_STALL_MS', 4000),
    /** This instance, the writer of the recording parts it records. */
    instanceId: str('INSTANCE_ID', defaultInstanceId),
    /** A part whose writer has not renewed its lease for this long may be recovered by another instance's start-up. */
    leaseMs: int('RECORDING_LEASE_MS', 30_000),
  },
  /** Writes made while the database is away (segments, gaps, audit entries, telemetry), fsync'd, replayed when it returns. */
  journalFile: str('WRITE_JOURNAL_FILE', path.join(projectRoot, 'var', 'journal', 'writes.jsonl')),
  dossiers: {
    /** Case files: uploaded documents, the quarantine, built packages, incoming and received packages. */
    root: str('DOSSIERS_DIR', path.join(projectRoot, 'var', 'dossiers')),
    /** The code (agencies.code) of the agency this instance acts for: it signs packages and receipts, and receives. */
    agencyCode: optional('AGENCY_CODE'),
    /** JSON list of peer agencies: [{ code, name, kind, url, publicKeyFile }]; their keys are configured, never fetched. */
    peersFile: optional('PEERS_FILE'),
    uploadMaxBytes: int('DOSSIER_UPLOAD_MAX_BYTES', 200 * 1024 * 1024),
    packageMaxBytes: int('DOSSIER_PACKAGE_MAX_BYTES', 4 * 1024 * 1024 * 1024),
    relayIntervalMs: int('DOSSIER_RELAY_INTERVAL_MS', 2000),
    relayMaxBackoffMs: int('DOSSIER_RELAY_MAX_BACKOFF_MS', 5 * 60 * 1000),
  },
  notifications: {
    /** The SMS gateway adapter's endpoint (README, "Notifications"); unset: notices are shown in the platform only. */
    smsGatewayUrl: optional('SMS_GATEWAY_URL'),
    smsGatewayToken: optional('SMS_GATEWAY_TOKEN'),
    relayIntervalMs: int('NOTIFY_RELAY_INTERVAL_MS', 5000),
    relayMaxBackoffMs: int('NOTIFY_RELAY_MAX_BACKOFF_MS', 10 * 60 * 1000),
  },
  deadlines: {
    /** JSON file adding years of the State Council's holiday notices to the built-in calendar (README, "The holiday calendar"). */
    holidayCalendarFile: optional('HOLIDAY_CALENDAR_FILE'),
  },
  seedDemo: bool('SEED_DEMO', nodeEnv !== 'production'),
  logLevel: str('LOG_LEVEL', nodeEnv === 'test' ? 'warn' : 'info'),
});

if (!['debug', 'warn', 'error', 'none'].includes(config.media.logLevel)) {
  problems.push(`MEDIA_LOG_LEVEL must be debug, warn, error or none, got "${config.media.logLevel}"`);
}
if (config.media.numWorkers < 1) problems.push('MEDIA_WORKERS must be at least 1');
if (config.recording.stallMs < 1000) problems.push('RECORDING_STALL_MS must be at least 1000');
if (config.recording.segmentSeconds < 1 || config.recording.segmentSeconds > 60)
  problems.push('RECORDING_SEGMENT_SECONDS must be between 1 and 60');

if (config.dossiers.uploadMaxBytes < 1) problems.push('DOSSIER_UPLOAD_MAX_BYTES must be positive');
if (config.dossiers.relayIntervalMs < 50) problems.push('DOSSIER_RELAY_INTERVAL_MS must be at least 50');
if (config.notifications.smsGatewayUrl && !config.notifications.smsGatewayToken) problems.push('SMS_GATEWAY_URL needs SMS_GATEWAY_TOKEN');
if (config.notifications.smsGatewayUrl && !URL.canParse(config.notifications.smsGatewayUrl)) problems.push('SMS_GATEWAY_URL is not a URL');
if (config.notifications.relayIntervalMs < 50) problems.push('NOTIFY_RELAY_INTERVAL_MS must be at least 50');

if (config.security.sensitiveDataKey && Buffer.from(config.security.sensitiveDataKey, 'base64').length !== 32) {
  problems.push('SENSITIVE_DATA_KEY must be base64 of 32 bytes');
}
for (const o of [...config.web.allowedOrigins, ...(config.http.publicUrl ? [config.http.publicUrl] : [])]) {
  if (!URL.canParse(o)) problems.push(`${o} (PUBLIC_URL / ALLOWED_ORIGINS) is not a URL`);
}
if (config.turn.urls.length && !config.turn.secret) problems.push('TURN_URLS needs TURN_SECRET (coturn static-auth-secret)');
if (config.turn.urls.some((u) => !/^turns?:/.test(u))) problems.push('TURN_URLS must be turn: or turns: URLs');
if (config.turn.forceRelay && !config.turn.urls.length) problems.push('TURN_FORCE_RELAY needs TURN_URLS');
if (Boolean(config.web.tlsCertFile) !== Boolean(config.web.tlsKeyFile)) problems.push('TLS_CERT_FILE and TLS_KEY_FILE go together');
if (config.isProduction && config.seedDemo) {
  problems.push(
    'SEED_DEMO is refused in production: the demo accounts share a published password (make the first administrator with `hearing admin create`)',
  );
}
if (config.isProduction && !config.web.tlsCertFile && !config.http.publicUrl?.startsWith('https://')) {
  problems.push('production needs HTTPS: set TLS_CERT_FILE and TLS_KEY_FILE, or PUBLIC_URL=https://… when a proxy terminates TLS');
}
if (config.isProduction && !config.security.sensitiveDataKey) problems.push('SENSITIVE_DATA_KEY is required in production');

if (problems.length) {
  console.error(`Invalid config:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
