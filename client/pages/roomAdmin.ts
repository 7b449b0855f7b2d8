// A custody center's rooms as their managers keep them (系统管理, and 羁押室管理 for the center's
// own custody officers): add a room with its equipment, set its bookable windows (China time),
// record an outage (设备故障、检修) that blocks booking.
import { fromChinaLocalInput } from '../../server/vocabulary';
import type { UserView } from '../../server/auth';
import type { CustodyCenter, CustodyRoom } from '../../server/rooms';
import { api } from '../shared/api';
import { h, mount } from '../shared/dom';
import { field, submitForm } from '../shared/forms';
import { t } from '../shared/i18n';
import { fmt, topbar } from '../shared/nav';
import { roomDevices } from './kioskDevices';

const windowsText = (r: CustodyRoom) => r.windows.map((w) => `${w.start}-${w.end}`).join(',');

function parseWindows(text: string): { start: string; end: string }[] {
  return text
    .split(/[,，、\s]+/)
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split('-');
      return { start: start.trim(), end: end.trim() };
    });
}

/** The room's outages running or to come, filled in when they arrive. */
function outageList(r: CustodyRoom): HTMLElement {
  const list = h('ul', { class: 'outages', 'data-testid': 'room-outages' });
  void api
    .outages(r.id)
    .then(({ outages }) =>
      list.replaceChildren(...outages.map((o) => h('li', {}, `${t('outage')}：${fmt(o.startsAt)} – ${fmt(o.endsAt)} · ${o.reason}`))),
    );
  return list;
}

function roomRow(r: CustodyRoom, again: () => void, extra?: (r: CustodyRoom) => HTMLElement): HTMLElement {
  const windows = h('input', { name: 'windows', value: windowsText(r), 'data-testid': 'room-windows' });
  const from = h('input', { type: 'datetime-local', name: 'from', required: true, 'data-testid': 'outage-from' });
  const to = h('input', { type: 'datetime-local', name: 'to', required: true, 'data-testid': 'outage-to' });
  const reason = h('input', { name: 'reason', required: true, 'data-testid': 'outage-reason' });
  return h(
    'li',
    { 'data-room': r.name },
    h('strong', {}, r.name),
    `（${r.equipment.join('、') || '—'}）${t('windows')}：${windowsText(r)}`,
    submitForm(
      'room-windows-set',
      [field(t('windows'), windows)],
      t('save'),
      () => api.setWindows(r.id, parseWindows(windows.value)),
      again,
    ),
    submitForm(
      'room-outage-add',
      [field(t('outageFrom'), from), field(t('outageTo'), to), field(t('outageReason'), reason)],
      t('addOutage'),
      () =>
        api.addOutage(r.id, {
          startsAt: fromChinaLocalInput(from.value).toISOString(),
          endsAt: fromChinaLocalInput(to.value).toISOString(),
          reason: reason.value,
        }),
      again,
    ),
    outageList(r),
    extra ? extra(r) : null,
  );
}

/** One center's card: its rooms and the form that adds one. */
export function centerCard(
  center: CustodyCenter,
  rooms: CustodyRoom[],
  again: () => void,
  extra?: (r: CustodyRoom) => HTMLElement,
): HTMLElement {
  const name = h('input', { name: 'room-name', required: true, 'data-testid': 'room-name' });
  const equipment = h('input', { name: 'equipment', placeholder: t('equipmentHint'), 'data-testid': 'room-equipment' });
  return h(
    'div',
    { class: 'card', 'data-center': center.id },
    h('h3', {}, center.name),
    h('ul', {}, ...rooms.map((r) => roomRow(r, again, extra))),
    submitForm(
      'room-create',
      [field(t('roomName'), name), field(t('equipment'), equipment)],
      t('addRoom'),
      () =>
        api.createRoom(center.id, {
          name: name.value,
          equipment: equipment.value
            .split(/[,，、]/)
            .map((v) => v.trim())
            .filter(Boolean),
        }),
      again,
    ),
  );
}

/** 羁押室管理: the custody officer's own center. */
export async function renderRooms(root: HTMLElement, me: UserView): Promise<void> {
  const { centers } = await api.centers();
  const own = centers.find((c) => c.id === me.agencyId);
  if (!own) throw new Error(t('roomsOwnOnly'));
  const [{ rooms }, { devices }] = await Promise.all([api.rooms(own.id), api.devices()]);
  const again = () => void renderRooms(root, me);
  mount(
    root,
    topbar(me),
    h(
      'main',
      { class: 'page', 'data-testid': 'admin-rooms' },
      h('h1', {}, t('custodyRooms')),
      centerCard(own, rooms, again, (r) => roomDevices(r, devices, again)),
    ),
  );
}
