// A typed request/ack wrapper over socket.io-client. Every request resolves with data or rejects
// with a RequestError carrying the server's stable error code.
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientRequestName,
  ClientToServerEvents,
  RequestPayload,
  RequestResult,
  ServerToClientEvents,
} from '../../server/realtime/events';

class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class Signaling {
  readonly socket: ClientSocket;

  constructor() {
    // NOTE: websocket only: long-polling adds a round trip per request and nothing here needs it.
    this.socket = io({ transports: ['websocket'], withCredentials: true, reconnectionDelay: 500, reconnectionDelayMax: 3000 });
    // NOTE: exposed so the e2e suite can cut the connection the way a network drop would.
    (globalThis as unknown as { __hearingSocket?: ClientSocket }).__hearingSocket = this.socket;
    // NOTE: the server cuts the connection right after; the page goes to the login with the reason.
    this.socket.on('auth:revoked', ({ reason }) => {
      location.hash = `#/login?ended=${reason}`;
    });
  }

  request<E extends ClientRequestName>(event: E, payload: RequestPayload<E>, timeoutMs = 10_000): Promise<RequestResult<E>> {
    return new Promise((resolve, reject) => {
      const emit = this.socket.timeout(timeoutMs).emit as unknown as (
        e: string,
        p: unknown,
        cb: (err: Error | null, res: Ack<RequestResult<E>>) => void,
      ) => void;
      emit.call(this.socket.timeout(timeoutMs), event, payload, (err, res) => {
        if (err) reject(new RequestError('timeout', `${event} got no answer in ${timeoutMs} ms`));
        else if (res.ok) resolve(res.data);
        else reject(new RequestError(res.error, res.message));
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}
