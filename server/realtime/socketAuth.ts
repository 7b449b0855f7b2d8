// The socket.io handshake checks the login again; a failure reaches the client as connect_error
// with err.data = { code }.
import type { Socket } from 'socket.io';
import { authenticate, tokenFrom, type AuthOptions } from '../auth';
import type { Db } from '../db/db';
import { toWire } from '../errors';

export const socketAuth =
  (db: Db, opts: AuthOptions) =>
  async (socket: Socket, next: (err?: Error) => void): Promise<void> => {
    try {
      const authToken = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const token = typeof authToken === 'string' ? authToken : tokenFrom({ cookie: socket.handshake.headers.cookie });
      socket.data.user = await authenticate(db, opts, token);
      next();
    } catch (err) {
      const wire = toWire(err);
      next(Object.assign(new Error(wire.message), { data: { code: wire.error } }));
    }
  };
