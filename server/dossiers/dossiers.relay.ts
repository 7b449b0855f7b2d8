// The transfer outbox's relay. A package and its outbox row are committed together when a user
// sends a case file; the relay delivers due rows (at least once) under their idempotency key,
// checks the receipt that comes back with the peer's configured key, and stores it with the row
// marked delivered in one transaction. A crash anywhere before that commit only means the package
// is delivered again, and the receiver answers with the receipt it already gave. Refusals (4xx with
// a typed reason) are final and shown on the case page; anything else is retried with backoff.
import { transferHeaders } from './dossiers.requestAuth';
import type { AgencySigner } from '../security/agencySigning';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import * as audit from '../audit';
import type { Db } from '../db/db';
import { logger } from '../logger';
import { digestsOf } from '../security/hashing';
import { PACKAGE_CONTROL_FILES, PACKAGE_MANIFEST, type PackageManifest } from './dossiers.format';
import { checkReceipt, type SignedReceipt } from './dossiers.receipt';
import * as repo from './dossiers.repo';
import { packDirectory } from './dossiers.tar';
import type { OutboxEntry, Peer } from './dossiers.types';

export type RelayOptions = {
  root: string;
  peers: Peer[];
  intervalMs: number;
  maxBackoffMs: number;
  /** This agency's key: every delivery is signed with it (the receiver checks it before reading the package). */
  signer: AgencySigner;
  /** Called after a receipt came back and before it is stored (tests stop the process here). */
  afterDelivery?: (idempotencyKey: string) => Promise<void>;
};
export type Relay = { kick(): void; runOnce(): Promise<number>; stop(): Promise<void> };

/** What the receiver answered: the wire shape of our own acks ({ ok, data } or { ok: false, error, message, data }), or anything else. */
type WireBody = { ok?: unknown; error?: unknown; message?: unknown; data?: unknown };
type Answer = { status: number; body: WireBody | null };

function post(url: string, headers: Record<string, string>, body: NodeJS.ReadableStream): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? https : http).request(u, { method: 'POST', headers, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        if (chunks.reduce((a, b) => a + b.length, 0) < 1 << 20) chunks.push(c);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = { message: text.slice(0, 200) };
        }
        resolve({ status: res.statusCode ?? 0, body: typeof parsed === 'object' && parsed !== null ? (parsed as WireBody) : null });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    body.on('error', (err: Error) => req.destroy(err));
    body.pipe(req);
  });
}

/** A 4xx with one of our typed errors: the receiver refused this package for good (until re-sent). */
const finalRefusal = (a: Answer): { error: string; message: string; data: unknown } | null =>
  a.status >= 400 && a.status < 500 && a.status !== 408 && a.status !== 429 && a.body?.ok === false && typeof a.body.error === 'string'
    ? { error: a.body.error, message: String(a.body.message ?? '').slice(0, 2000), data: a.body.data ?? null }
    : null;

async function deliver(db: Db, o: RelayOptions, entry: OutboxEntry): Promise<void> {
  const pkg = await repo.findPackage(db, entry.packageId);
  if (!pkg) throw new Error(`package ${entry.packageId} of outbox entry ${entry.idempotencyKey} is gone`);
  const peer = o.peers.find((p) => p.code === entry.peerCode);
  const dir = path.join(o.root, pkg.dir);
  let answer: Answer;
  try {
    if (!peer) throw new Error(`peer ${entry.peerCode} is no longer configured`);
    const manifestBytes = fs.readFileSync(path.join(dir, PACKAGE_MANIFEST));
    const m = JSON.parse(manifestBytes.toString('utf8')) as PackageManifest;
    const names = [...PACKAGE_CONTROL_FILES, ...m.files.map((f) => f.path)];
    answer = await post(
      `${peer.url}/api/inbound/dossiers`,
      {
        'content-type': 'application/x-tar',
        'idempotency-key': entry.idempotencyKey,
        'x-hearing-sender': m.sender.code,
        ...transferHeaders(o.signer, m.sender.code, entry.idempotencyKey),
      },
      packDirectory(dir, names),
    );
  } catch (err) {
    await failed(db, o, entry, `delivery failed: ${(err as Error).message}`);
    return;
  }
  if (answer.status === 200 || answer.status === 201) {
    const signed = (answer.body?.data ?? undefined) as SignedReceipt | undefined;
    const check =
      peer && signed && typeof signed.receipt === 'string' && typeof signed.signature === 'string'
        ? checkReceipt(peer, signed, {
            packageId: pkg.id,
            idempotencyKey: entry.idempotencyKey,
            manifestSha256: pkg.manifestSha256,
            manifestSm3: pkg.manifestSm3,
          })
        : { ok: false as const, why: 'the answer carries no receipt' };
    if (!check.ok) {
      await failed(db, o, entry, `receipt refused: ${check.why}`);
      return;
    }
    await o.afterDelivery?.(entry.idempotencyKey);
    await db.transaction(async (trx) => {
      const stored = await repo.insertReceipt(trx, {
        id: randomUUID(),
        packageId: pkg.id,
        receiverCode: peer!.code,
        receiptJson: signed!.receipt,
        signature: signed!.signature,
        receiptSha256: digestsOf(Buffer.from(signed!.receipt, 'utf8')).sha256,
        receivedAt: new Date(check.receipt.receivedAt),
        storedAt: new Date(),
      });
      await repo.updateOutbox(trx, entry.idempotencyKey, {
        state: 'delivered',
        deliveredAt: new Date(),
        attempts: entry.attempts + 1,
        lastError: null,
      });
      await audit.record(trx, {
        actorUserId: null,
        agencyId: null,
        action: 'dossier.receipt_stored',
        objectType: 'dossier_package',
        objectId: pkg.id,
        outcome: 'success',
        detail: {
          caseId: pkg.caseId,
          peer: entry.peerCode,
          idempotencyKey: entry.idempotencyKey,
          alreadyStored: !stored,
          receiptSha256: digestsOf(Buffer.from(signed!.receipt, 'utf8')).sha256,
          receivedAt: check.receipt.receivedAt,
          deadline: check.receipt.deadline,
        },
      });
    });
    return;
  }
  const refusal = finalRefusal(answer);
  if (refusal) {
    await db.transaction(async (trx) => {
      await repo.updateOutbox(trx, entry.idempotencyKey, {
        state: 'refused',
        attempts: entry.attempts + 1,
        refusalCode: refusal.error,
        refusalMessage: refusal.message,
        refusalData: refusal.data,
        lastError: null,
      });
      await audit.record(trx, {
        actorUserId: null,
        agencyId: null,
        action: 'dossier.transfer_refused',
        objectType: 'dossier_package',
        objectId: pkg.id,
        outcome: 'failure',
        detail: {
          caseId: pkg.caseId,
          peer: entry.peerCode,
          idempotencyKey: entry.idempotencyKey,
          code: refusal.error,
          message: refusal.message,
        },
      });
    });
    return;
  }
  await failed(db, o, entry, `HTTP ${answer.status}: ${String(answer.body?.message ?? '').slice(0, 200)}`);
}

async function failed(db: Db, o: RelayOptions, entry: OutboxEntry, why: string): Promise<void> {
  const attempts = entry.attempts + 1;
  const wait = Math.min(o.maxBackoffMs, 1000 * 2 ** Math.min(attempts - 1, 20));
  await db.transaction(async (trx) => {
    await repo.updateOutbox(trx, entry.idempotencyKey, {
      attempts,
      lastError: why.slice(0, 2000),
      nextAttemptAt: new Date(Date.now() + wait),
    });
    await audit.record(trx, {
      actorUserId: null,
      agencyId: null,
      action: 'dossier.delivery_failed',
      objectType: 'dossier_package',
      objectId: entry.packageId,
      outcome: 'failure',
      detail: { peer: entry.peerCode, idempotencyKey: entry.idempotencyKey, attempts, retryInMs: wait, why: why.slice(0, 500) },
    });
  });
}

/** Starts delivering due outbox rows every intervalMs (and at once when kicked). */
export function startRelay(db: Db, o: RelayOptions): Relay {
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const runOnce = async (): Promise<number> => {
    const due = await repo.dueOutbox(db, new Date(), 10);
    for (const e of due) {
      if (stopped) break;
      try {
        await deliver(db, o, e);
      } catch (err) {
        logger.error({ err, key: e.idempotencyKey }, 'dossier relay: delivery crashed');
      }
    }
    return due.length;
  };
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = runOnce().catch((err) => {
      logger.error({ err }, 'dossier relay failed');
      return 0;
    });
    void running.finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        tick();
      }
    });
  };
  const schedule = () => {
    timer = setTimeout(() => {
      tick();
      if (!stopped) schedule();
    }, o.intervalMs);
    timer.unref();
  };
  schedule();
  tick();
  return {
    kick: tick,
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
