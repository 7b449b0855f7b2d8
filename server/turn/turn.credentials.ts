// TURN for participants behind firewalls that block direct UDP to the SFU: time-limited
// credentials in coturn's REST form (use-auth-secret): username "<expiry unix time>:<participant>",
// password base64(HMAC-SHA1(shared secret, username)). Minted per participant for the session's
// slot; coturn checks them itself, so the platform never talks to it.
import { createHmac } from 'node:crypto';

export type TurnOptions = {
  /** turn: / turns: URLs browsers use (e.g. turn:turn.example.cn:3478?transport=udp). */
  urls: string[];
  /** The static-auth-secret shared with coturn. */
  secret: string;
  /** Send media only through TURN (sites whose firewall allows nothing else; also the tests' relay check). */
  forceRelay: boolean;
};

export type IceServerView = { urls: string[]; username: string; credential: string };
type IceConfig = { iceServers: IceServerView[]; iceTransportPolicy: 'all' | 'relay' };

const MARGIN_MS = 30 * 60_000;

/** Credentials valid until 30 minutes after the slot ends (or 30 minutes from now, if later). */
export function issueTurnCredentials(opts: TurnOptions | null, participantId: string, slotEndsAt: Date, now = new Date()): IceConfig {
  if (!opts || opts.urls.length === 0) return { iceServers: [], iceTransportPolicy: 'all' };
  const expiry = Math.floor(Math.max(slotEndsAt.getTime(), now.getTime()) / 1000 + MARGIN_MS / 1000);
  return { iceServers: [credentialFor(opts, participantId, expiry)], iceTransportPolicy: opts.forceRelay ? 'relay' : 'all' };
}

/** One credential expiring at `expiryUnix` (seconds). */
export function credentialFor(opts: Pick<TurnOptions, 'urls' | 'secret'>, who: string, expiryUnix: number): IceServerView {
  const username = `${expiryUnix}:${who}`;
  return { urls: opts.urls, username, credential: createHmac('sha1', opts.secret).update(username).digest('base64') };
}
