// The kiosks of a custody center's rooms (羁押室终端), on 羁押室管理: enroll a kiosk for a room and
// read its pairing code off this screen onto the kiosk's (#/device); pair it again when the
// machine is replaced; revoke it. Each row shows whether it is paired and when it was last seen.
import type { DeviceView } from '../../server/custody';
import type { CustodyRoom } from '../../server/rooms';
import { api } from '../shared/api';
import { h } from '../shared/dom';
import { field, submitForm } from '../shared/forms';
import { t } from '../shared/i18n';
import { fmt } from '../shared/nav';

function codeBox(code: string, expiresAt: string): HTMLElement {
  return h(
    'div',
    { class: 'pairing-code', role: 'status' },
    `${t('pairingCode')}：`,
    h('b', { 'data-testid': 'pairing-code' }, code),
    `（${t('pairingValidUntil')} ${fmt(expiresAt)}，${t('pairingHint')}）`,
  );
}

function deviceRow(d: DeviceView, again: () => void, show: (el: HTMLElement) => void): HTMLElement {
  const err = h('span', { class: 'error', role: 'alert' });
  const act = (p: Promise<{ device: DeviceView; pairingCode?: string; expiresAt?: string }>) =>
    p.then(
      (r) => (r.pairingCode && r.expiresAt ? show(codeBox(r.pairingCode, r.expiresAt)) : again()),
      (e: Error) => {
        err.textContent = e.message;
      },
    );
  return h(
    'li',
    { 'data-device': d.label, 'data-state': d.state },
    `${d.label} · ${t(`kdev.${d.state}`)}${d.lastSeenAt ? ` · ${t('lastSeen')} ${fmt(d.lastSeenAt)}` : ''}`,
    d.state === 'revoked'
      ? null
      : h(
          'button',
          { class: 'link', 'data-testid': 'device-repair', onclick: () => void act(api.repairDevice(d.deviceId)) },
          t('repairDevice'),
        ),
    d.state === 'revoked'
      ? null
      : h(
          'button',
          { class: 'link', 'data-testid': 'device-revoke', onclick: () => void act(api.revokeDevice(d.deviceId)) },
          t('revokeDevice'),
        ),
    err,
  );
}

/** The kiosks of one room and the form that enrolls another. */
export function roomDevices(room: CustodyRoom, devices: DeviceView[], again: () => void): HTMLElement {
  const label = h('input', { name: 'label', required: true, value: `${room.name}终端`, 'data-testid': 'device-label' });
  const shown = h('div', {});
  const show = (el: HTMLElement) => shown.replaceChildren(el);
  const enroll = submitForm(
    'device-enroll',
    [field(t('deviceLabel'), label)],
    t('enrollDevice'),
    async () => show(codeBox(...(await api.enrollDevice(room.id, label.value).then((r) => [r.pairingCode, r.expiresAt] as const)))),
    () => undefined,
  );
  return h(
    'div',
    { class: 'devices', 'data-testid': 'room-devices' },
    h('h4', {}, t('kioskDevices')),
    h('ul', {}, ...devices.filter((d) => d.roomId === room.id).map((d) => deviceRow(d, again, show))),
    enroll,
    shown,
  );
}
