// The sending agency's relay as a process of its own, to be killed: started by
// dossierRelayCrash.int.test.ts from the built server (dist/). With `pause`, it prints
// "DELIVERED <key>" once a receipt has come back and then waits, before storing it: the moment
// between "sent" and "marked sent", where the test sends SIGKILL. Without it, it delivers and runs on.
const path = require('node:path');
const dist = path.resolve(__dirname, '..', '..', 'dist');
const { connectDb } = require(path.join(dist, 'server', 'db', 'db.js'));
const { startRelay } = require(path.join(dist, 'server', 'dossiers', 'index.js'));
const { signerFromPrivateKey } = require(path.join(dist, 'server', 'security', 'agencySigning.js'));

const o = JSON.parse(process.argv[2]);
const db = connectDb(o.databaseUrl, { asAppRole: true });
startRelay(db, {
  root: o.root,
  peers: o.peers,
  intervalMs: 100,
  maxBackoffMs: 500,
  signer: signerFromPrivateKey(o.privateKeyPem),
  ...(o.pause
    ? {
        afterDelivery: async (key) => {
          process.stdout.write(`DELIVERED ${key}\n`);
          await new Promise(() => undefined);
        },
      }
    : {}),
});
process.stdout.write('READY\n');
