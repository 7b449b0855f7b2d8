// Logins and the connections made with them: an ended login (logout, disabled account, password
// reset) cuts its connections at once, and a connection that is in a session keeps its login from
// timing out, so a reconnect after a long hearing is not refused for "inactivity".
import { keepAlive, type Revocations } from '../auth';
import type { Db } from '../db/db';
import { logger } from '../logger';
import type { Io, Signaling } from '../sessions';

const room = {
  login: (authSessionId: string) => `login:${authSessionId}`,
  user: (userId: string) => `user:${userId}`,
};

export type LoginLiveness = { stop(): void };

export function attachLoginLiveness(io: Io, db: Db, signaling: Signaling, revocations: Revocations, keepAliveMs: number): LoginLiveness {
  io.on('connection', (socket) => {
    const u = socket.data.user;
    void socket.join([room.login(u.authSessionId), room.user(u.id)]);
  });
  revocations.on((r) => {
    const target = r.authSessionId ? room.login(r.authSessionId) : room.user(r.userId);
    io.to(target).emit('auth:revoked', { reason: r.reason });
    io.in(target).disconnectSockets(true);
  });
  const timer = setInterval(() => {
    const ids = signaling.presence.all().map((p) => p.user.authSessionId);
    if (ids.length) void keepAlive(db, ids).catch((err: unknown) => logger.warn({ err }, 'could not keep logins in sessions alive'));
  }, keepAliveMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
