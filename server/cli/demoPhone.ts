// The mediation demo plays the parties' phones: the SMS gateway is an outside border, so the demo's
// private platform sends through this SmsGateway, which hands each text to the "phone" of its
// number instead of an operator. Nothing else in the platform changes: the invitation is queued in
// the notification outbox, relayed, marked sent and audited as with a real gateway.
import type { SmsGateway, SmsMessage } from '../notifications';
import { sleep } from './browser';

export class DemoPhones implements SmsGateway {
  readonly #inbox = new Map<string, SmsMessage[]>();

  async send(m: SmsMessage): Promise<{ messageId: string }> {
    this.#inbox.set(m.to, [...(this.#inbox.get(m.to) ?? []), m]);
    return { messageId: `demo-phone-${m.idempotencyKey}` };
  }

  /** The newest text to `mobile` that matches `pattern`, waiting up to `timeoutMs` for it to arrive. */
  async waitFor(mobile: string, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      for (const m of [...(this.#inbox.get(mobile) ?? [])].reverse()) {
        const hit = pattern.exec(m.text);
        if (hit) return hit;
      }
      if (Date.now() > until) throw new Error(`no text matching ${pattern} reached ${mobile} within ${timeoutMs} ms`);
      await sleep(200);
    }
  }
}
