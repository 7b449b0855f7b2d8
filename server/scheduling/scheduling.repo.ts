// Bookings: one row per resource a session holds (its room, its detainee, each listed user). The
// exclusion constraint session_bookings_no_overlap makes Postgres refuse overlapping claims.
import type { Db, Trx } from '../db/db';

type Q = Db | Trx;
/** What a booking claims: a custody room, a detainee, a listed user (session_bookings.resource_kind). */
export const RESOURCE_KINDS = ['room', 'person', 'user'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export type Resource = { kind: ResourceKind; id: string };
export type Claim = { kind: ResourceKind; resourceId: string; sessionId: string; startsAt: Date; endsAt: Date };

const slot = (q: Q, startsAt: Date, endsAt: Date) => q.raw("tstzrange(?, ?, '[)')", [startsAt, endsAt]);

/**
 * Takes a transaction-scoped advisory lock on each resource, in one global order, so concurrent
 * bookings of a shared resource queue behind each other instead of deadlocking inside the
 * exclusion constraint's index; the loser then sees the winner's rows and is told who holds them.
 */
export async function lockResources(trx: Trx, resources: Resource[]): Promise<void> {
  const keys = [...new Set(resources.map((r) => `booking:${r.kind}:${r.id}`))].sort();
  for (const key of keys) await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
}

export async function insertBookings(trx: Trx, sessionId: string, resources: Resource[], startsAt: Date, endsAt: Date): Promise<void> {
  if (resources.length === 0) return;
  await trx('session_bookings').insert(
    resources.map((r) => ({
      session_id: sessionId,
      resource_kind: r.kind,
      resource_id: r.id,
      slot: slot(trx, startsAt, endsAt),
    })),
  );
}

export async function deleteBookings(trx: Trx, sessionId: string): Promise<void> {
  await trx('session_bookings').where({ session_id: sessionId }).del();
}

/** Existing claims on any of the resources overlapping [startsAt, endsAt), other than by `exceptSessionId`. */
export async function findClaims(q: Q, resources: Resource[], startsAt: Date, endsAt: Date, exceptSessionId?: string): Promise<Claim[]> {
  if (resources.length === 0) return [];
  const qb = q('session_bookings')
    .whereRaw("slot && tstzrange(?, ?, '[)')", [startsAt, endsAt])
    .where((w) => {
      for (const r of resources) w.orWhere({ resource_kind: r.kind, resource_id: r.id });
    })
    .select('resource_kind', 'resource_id', 'session_id', q.raw('lower(slot) as starts_at'), q.raw('upper(slot) as ends_at'))
    .orderByRaw('lower(slot)');
  if (exceptSessionId) qb.whereNot('session_id', exceptSessionId);
  const rows = (await qb) as { resource_kind: ResourceKind; resource_id: string; session_id: string; starts_at: Date; ends_at: Date }[];
  return rows.map((r) => ({
    kind: r.resource_kind,
    resourceId: r.resource_id,
    sessionId: r.session_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
  }));
}

export type UserBrief = { id: string; role: string; agencyId: string; displayName: string };
export async function findActiveUsers(q: Q, ids: string[]): Promise<UserBrief[]> {
  if (ids.length === 0) return [];
  return (await q('users')
    .whereIn('id', ids)
    .whereNull('disabled_at')
    .select('id', 'role', 'agency_id as agencyId', 'display_name as displayName')) as UserBrief[];
}
