// JSON over fetch with the server's { ok, data } / { ok:false, error, message } envelope.
import type { UserView } from '../../server/auth/auth.types';
import type { SessionView } from '../../server/sessions/sessions.types';

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) { super(message); }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method, credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({ ok: false, error: 'internal_error', message: res.statusText }))) as
    { ok: true; data: T } | { ok: false; error: string; message: string };
  if (!json.ok) throw new ApiError(json.error, json.message, res.status);
  return json.data;
}

export const api = {
  login: (username: string, password: string) => call<{ user: UserView }>('POST', '/api/auth/login', { username, password }),
  logout: () => call<Record<string, never>>('POST', '/api/auth/logout'),
  me: () => call<{ user: UserView }>('GET', '/api/auth/me'),
  sessions: () => call<{ sessions: SessionView[] }>('GET', '/api/sessions'),
  session: (id: string) => call<{ session: SessionView }>('GET', `/api/sessions/${encodeURIComponent(id)}`),
};
