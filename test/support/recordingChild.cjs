// A platform process to crash or starve: started by recordingCrash.int.test.ts and
// databaseOutage.int.test.ts from the built server (dist/), it records a custody-room camera and
// microphone (ffmpeg RTP into the session's room) until the test kills it with SIGKILL or ends it
// with SIGTERM (a clean shutdown). Configuration comes from the parent in one JSON argument.
const { spawn } = require('node:child_process');
const path = require('node:path');
const dist = path.resolve(__dirname, '..', '..', 'dist');
const { startPlatform } = require(path.join(dist, 'server', 'platform.js'));
const { signerFromPrivateKey } = require(path.join(dist, 'server', 'security', 'agencySigning.js'));
const { createPdfSigner, DEFAULT_FONT_FILE } = require(path.join(dist, 'server', 'transcripts', 'index.js'));

const o = JSON.parse(process.argv[2]);

(async () => {
  const p = await startPlatform({
    databaseUrl: o.databaseUrl,
    http: { host: '127.0.0.1', port: 0 },
    auth: { sessionHours: 8, idleMinutes: 30, secureCookies: false },
    media: { numWorkers: 1, listenIp: '127.0.0.1', rtcBasePort: o.rtcBasePort, logLevel: 'error' },
    seedDemo: false,
    sensitiveKey: Buffer.alloc(32, 7),
    recording: {
      root: o.root,
      segmentSeconds: o.segmentSeconds,
      ffmpegPath: 'ffmpeg',
      restartDelayMs: 300,
      stallMs: 4000,
      instanceId: o.instanceId,
      leaseMs: 30_000,
    },
    signer: signerFromPrivateKey(o.privateKeyPem),
    transcripts: { root: `${o.root}-transcripts`, fontFile: DEFAULT_FONT_FILE, pdfSigner: createPdfSigner('测试机关') },
    dossiers: {
      root: `${o.root}-dossiers`,
      agencyCode: undefined,
      peers: [],
      uploadMaxBytes: 1 << 20,
      packageMaxBytes: 1 << 30,
      relayIntervalMs: 1000,
      relayMaxBackoffMs: 5000,
      relay: false,
    },
  });
  const room = await p.media.ensureRoom(o.sessionId, { recording: 'mandatory' });
  room.addPeer(o.participantId);
  const video = await room.createRtpIngest(o.participantId, {
    kind: 'video',
    source: 'camera',
    mimeType: 'video/VP8',
    clockRate: 90000,
    payloadType: 101,
    ssrc: 41111111,
  });
  const audio = await room.createRtpIngest(o.participantId, {
    kind: 'audio',
    source: 'microphone',
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    payloadType: 100,
    ssrc: 42222222,
  });
  spawn(
    'ffmpeg',
    [
      '-loglevel',
      'error',
      '-re',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=640x480:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
      '-t',
      '120',
      '-map',
      '0:v',
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-b:v',
      '600k',
      '-g',
      '25',
      '-f',
      'rtp',
      '-payload_type',
      '101',
      '-ssrc',
      '41111111',
      `rtp://127.0.0.1:${video.port}?rtcpport=${video.rtcpPort}`,
      '-map',
      '1:a',
      '-c:a',
      'libopus',
      '-f',
      'rtp',
      '-payload_type',
      '100',
      '-ssrc',
      '42222222',
      `rtp://127.0.0.1:${audio.port}?rtcpport=${audio.rtcpPort}`,
    ],
    { stdio: 'ignore' },
  );
  process.on('SIGTERM', () => {
    p.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, url: p.url })}\n`);
})().catch((err) => {
  process.stderr.write(`${err?.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
