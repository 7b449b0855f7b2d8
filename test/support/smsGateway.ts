// A local fake of the SMS gateway's HTTP endpoint (the outside border): records every request and
// answers with the statuses a test queues (then 200 with a message id).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SmsRequest = { to: string; text: string; idempotencyKey: string; authorization: string | undefined };

export async function startFakeSmsGateway(): Promise<{
  url: string;
  requests: SmsRequest[];
  /** Statuses to answer the next requests with, in order (e.g. [503, 503] then success). */
  failNext(...statuses: number[]): void;
  close(): Promise<void>;
}> {
  const requests: SmsRequest[] = [];
  const queued: number[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const m = JSON.parse(body) as Omit<SmsRequest, 'authorization'>;
      requests.push({ ...m, authorization: req.headers.authorization });
      const status = queued.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { messageId: `sms-${requests.length}` } : { error: 'unavailable' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`,
    requests,
    failNext: (...statuses) => queued.push(...statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
