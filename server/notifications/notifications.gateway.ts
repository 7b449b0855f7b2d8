// The SMS gateway is an outside border: the platform talks to it only through SmsGateway. The one
// real implementation posts JSON to a configured HTTP endpoint (an operator's or a government
// SMS platform's adapter); tests run it against a local fake of that endpoint.
import http from 'node:http';
import https from 'node:https';

export type SmsMessage = { to: string; text: string; idempotencyKey: string };
/** A refusal the gateway gave for good (bad number, content refused): not retried. */
export class SmsRefused extends Error {}

export interface SmsGateway {
  send(m: SmsMessage): Promise<{ messageId: string }>;
}

/**
 * POST {url} with {"to","text","idempotencyKey"} and `Authorization: Bearer <token>`; a 2xx answer
 * with {"messageId"} is sent, a 4xx (but 408/429) is a refusal, anything else is retried later.
 */
export class HttpSmsGateway implements SmsGateway {
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {}

  send(m: SmsMessage): Promise<{ messageId: string }> {
    const body = JSON.stringify(m);
    const u = new URL(this.url);
    return new Promise((resolve, reject) => {
      const req = (u.protocol === 'https:' ? https : http).request(
        u,
        {
          method: 'POST',
          timeout: this.timeoutMs,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${this.token}` },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            if (text.length < 4096) text += c;
          });
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              const id = (() => {
                try {
                  return String((JSON.parse(text) as { messageId?: unknown }).messageId ?? '');
                } catch {
                  return '';
                }
              })();
              resolve({ messageId: id || m.idempotencyKey });
            } else if (status >= 400 && status < 500 && status !== 408 && status !== 429)
              reject(new SmsRefused(`gateway refused (${status}): ${text.slice(0, 200)}`));
            else reject(new Error(`gateway answered ${status}`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('gateway timed out')));
      req.on('error', reject);
      req.end(body);
    });
  }
}
