// JSON over fetch with the server's { ok, data } / { ok:false, error, message } envelope.
import type { AccountView, AgencyView } from '../../server/accounts';
import type { DirectoryEntry, UserView } from '../../server/auth';
import type { CaseFileView } from '../../server/dossiers';
import type { Case, CaseView, DeadlineView } from '../../server/cases';
import type { Manifest } from '../../server/recording';
import type { DeviceView, MovementView, RosterEntry } from '../../server/custody';
import type { NoticeView } from '../../server/notifications';
import type { CustodyCenter, CustodyRoom } from '../../server/rooms';
import type { BookInput, BookingCheck, Calendar, RescheduleInput } from '../../server/scheduling';
import type { SessionView } from '../../server/sessions';

/** A sealed recording part as GET /api/sessions/:id/recordings gives it. */
export type RecordingPartView = {
  id: string;
  part: number;
  state: string;
  startedAt: string;
  endedAt: string | null;
  interruptedReason: string | null;
  sealed: boolean;
  manifestSha256: string | null;
  manifestSm3: string | null;
  keyId: string | null;
  courtView: { url: string; sha256: string; sm3: string } | null;
  manifest: Manifest;
  segmentIds: Record<string, string>;
};

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({ ok: false, error: 'internal_error', message: res.statusText }))) as
    | { ok: true; data: T }
    | { ok: false; error: string; message: string; data?: unknown };
  if (!json.ok) throw new ApiError(json.error, json.message, res.status, json.data);
  return json.data;
}

const enc = encodeURIComponent;
export type ClientView = {
  representationId: string;
  personId: string;
  personName: string;
  caseNumber: string;
  custodyCenterId: string | null;
  papersPresentedAt: string;
  lawyerKind: string;
  d11: DeadlineView | null;
};

export type DossierView = CaseFileView;

/** What a kiosk device shows: its room and the open sessions booked there soon. */
export type DeviceHome = {
  device: DeviceView & { centerName: string };
  sessions: {
    id: string;
    type: string;
    title: string;
    state: string;
    startsAt: string;
    endsAt: string;
    detaineeName: string;
    recording: string;
  }[];
};

export const api = {
  login: (username: string, password: string) => call<{ user: UserView }>('POST', '/api/auth/login', { username, password }),
  logout: () => call<Record<string, never>>('POST', '/api/auth/logout'),
  me: () => call<{ user: UserView }>('GET', '/api/auth/me'),
  sessions: () => call<{ sessions: SessionView[] }>('GET', '/api/sessions'),
  session: (id: string) => call<{ session: SessionView }>('GET', `/api/sessions/${enc(id)}`),
  caseSessions: (caseId: string) => call<{ sessions: SessionView[] }>('GET', `/api/cases/${enc(caseId)}/sessions`),
  book: (input: BookInput) => call<{ session: SessionView }>('POST', '/api/sessions', input),
  check: (input: BookInput) => call<BookingCheck>('POST', '/api/scheduling/check', input),
  cancel: (id: string, reason: string) => call<{ session: SessionView }>('POST', `/api/sessions/${enc(id)}/cancel`, { reason }),
  reschedule: (id: string, input: RescheduleInput) => call<{ session: SessionView }>('POST', `/api/sessions/${enc(id)}/reschedule`, input),
  cases: () => call<{ cases: Case[] }>('GET', '/api/cases'),
  createCase: (body: { caseNumber: string; title: string; charge: string; fastTrack: boolean }) =>
    call<{ case: Case }>('POST', '/api/cases', body),
  addPerson: (
    caseId: string,
    body: { name: string; personRole: string; idNumber: string; custodyStatus: string; custodyCenterId: string | null },
  ) => call<{ person: { id: string } }>('POST', `/api/cases/${enc(caseId)}/persons`, body),
  caseView: (id: string) => call<{ case: CaseView }>('GET', `/api/cases/${enc(id)}`),
  updateCase: (id: string, body: { onlineExclusion?: string | null; fastTrack?: boolean }) =>
    call<{ case: CaseView }>('PATCH', `/api/cases/${enc(id)}`, body),
  setKeyDate: (caseId: string, body: { personId: string | null; kind: string; at: string }) =>
    call<{ keyDateId: string }>('PUT', `/api/cases/${enc(caseId)}/key-dates`, body),
  addExtension: (
    caseId: string,
    body: { personId: string | null; rule: string; amount: number; approver: string; documentRef: string; reason: string },
  ) => call<{ extensionId: string }>('POST', `/api/cases/${enc(caseId)}/extensions`, body),
  dashboard: () => call<{ deadlines: (DeadlineView & { caseId: string; caseNumber: string })[] }>('GET', '/api/dashboard/deadlines'),
  centers: () => call<{ centers: CustodyCenter[] }>('GET', '/api/custody-centers'),
  rooms: (centerId: string) => call<{ rooms: CustodyRoom[] }>('GET', `/api/custody-centers/${enc(centerId)}/rooms`),
  calendar: (centerId: string, week: string) =>
    call<{ calendar: Calendar }>('GET', `/api/custody-centers/${enc(centerId)}/calendar?week=${enc(week)}`),
  agencies: () => call<{ agencies: AgencyView[] }>('GET', '/api/admin/agencies'),
  createAgency: (body: { code: string; name: string; kind: string }) => call<{ agency: AgencyView }>('POST', '/api/admin/agencies', body),
  accounts: () => call<{ users: AccountView[] }>('GET', '/api/admin/users'),
  createAccount: (body: { agencyId: string; username: string; displayName: string; role: string; password: string; mobile?: string }) =>
    call<{ user: AccountView }>('POST', '/api/admin/users', body),
  updateAccount: (id: string, body: { displayName?: string; role?: string; disabled?: boolean }) =>
    call<{ user: AccountView }>('PATCH', `/api/admin/users/${enc(id)}`, body),
  resetPassword: (id: string, password: string) =>
    call<Record<string, never>>('POST', `/api/admin/users/${enc(id)}/password`, { password }),
  unlockAccount: (id: string) => call<{ user: AccountView }>('POST', `/api/admin/users/${enc(id)}/unlock`),
  createRoom: (centerId: string, body: { name: string; equipment: string[] }) =>
    call<{ room: CustodyRoom }>('POST', `/api/custody-centers/${enc(centerId)}/rooms`, body),
  setWindows: (roomId: string, windows: { start: string; end: string }[]) =>
    call<{ room: CustodyRoom }>('PUT', `/api/rooms/${enc(roomId)}/windows`, { windows }),
  addOutage: (roomId: string, body: { startsAt: string; endsAt: string; reason: string }) =>
    call<{ outageId: string }>('POST', `/api/rooms/${enc(roomId)}/outages`, body),
  directory: () => call<{ users: DirectoryEntry[] }>('GET', '/api/directory/users'),
  agencyDirectory: () => call<{ agencies: { id: string; name: string; kind: string }[] }>('GET', '/api/directory/agencies'),
  addContact: (caseId: string, body: { name: string; contactRole: string; mobile: string }) =>
    call<{ contact: { id: string } }>('POST', `/api/cases/${enc(caseId)}/contacts`, body),
  sendCase: (caseId: string, agencyId: string) => call<Record<string, never>>('POST', `/api/cases/${enc(caseId)}/send`, { agencyId }),
  outages: (roomId: string) =>
    call<{ outages: { id: string; startsAt: string; endsAt: string; reason: string }[] }>('GET', `/api/rooms/${enc(roomId)}/outages`),
  notifications: () => call<{ notifications: NoticeView[] }>('GET', '/api/notifications/mine'),
  roster: () => call<{ roster: RosterEntry[] }>('GET', '/api/custody/roster'),
  movements: (personId: string) => call<{ movements: MovementView[] }>('GET', `/api/custody/persons/${enc(personId)}/movements`),
  move: (personId: string, kind: 'admit' | 'transfer' | 'release', body: Record<string, string>) =>
    call<{ movementId: string }>('POST', `/api/custody/persons/${enc(personId)}/${kind}`, body),
  registerLawyer: (body: { personId: string; lawyerUserId: string; lawyerKind: string; papersPresentedAt: string }) =>
    call<{ representation: { id: string } }>('POST', '/api/representations', body),
  devices: () => call<{ devices: DeviceView[] }>('GET', '/api/custody/devices'),
  enrollDevice: (roomId: string, label: string) =>
    call<{ device: DeviceView; pairingCode: string; expiresAt: string }>('POST', `/api/custody/rooms/${enc(roomId)}/devices`, { label }),
  repairDevice: (deviceId: string) =>
    call<{ device: DeviceView; pairingCode: string; expiresAt: string }>('POST', `/api/custody/devices/${enc(deviceId)}/pairing`),
  revokeDevice: (deviceId: string) => call<{ device: DeviceView }>('POST', `/api/custody/devices/${enc(deviceId)}/revoke`),
  redeem: (code: string) => call<{ sessionId: string }>('POST', '/api/invitations/redeem', { code }),
  pairDevice: (code: string) => call<{ device: DeviceView }>('POST', '/api/device/pair', { code }),
  deviceLogin: () => call<{ expiresAt: string }>('POST', '/api/device/login'),
  deviceHome: () => call<DeviceHome>('GET', '/api/device/home'),
  recordings: (sessionId: string) => call<{ recordings: RecordingPartView[] }>('GET', `/api/sessions/${enc(sessionId)}/recordings`),
  clients: () => call<{ clients: ClientView[] }>('GET', '/api/representations/mine'),
  dossier: (caseId: string) => call<DossierView>('GET', `/api/cases/${enc(caseId)}/dossier`),
  makePackage: (caseId: string, body: { recipient: string; purpose: string; requestId: string; transfer: boolean }) =>
    call<{ package: { id: string } }>('POST', `/api/cases/${enc(caseId)}/dossier/packages`, body),
  retryTransfer: (packageId: string) => call<Record<string, never>>('POST', `/api/dossier-packages/${enc(packageId)}/retry`),
  /** The file is the body; name, title and origin go in the query. */
  uploadDocument: async (caseId: string, file: File, o: { title: string; origin: 'born_digital' | 'scanned' }) => {
    const q = new URLSearchParams({ name: file.name, origin: o.origin, ...(o.title ? { title: o.title } : {}) });
    const res = await fetch(`/api/cases/${enc(caseId)}/documents?${q}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    });
    const json = (await res.json().catch(() => ({ ok: false, error: 'internal_error', message: res.statusText }))) as
      | { ok: true; data: unknown }
      | { ok: false; error: string; message: string; data?: unknown };
    if (!json.ok) throw new ApiError(json.error, json.message, res.status, json.data);
    return json.data;
  },
};
