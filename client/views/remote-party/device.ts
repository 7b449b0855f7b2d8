// A custody room's kiosk device (#/device). Unpaired, it asks for the pairing code the custody
// center's console shows; paired, it logs in with its device credential and waits in its room,
// opening the detainee's endpoint of the session booked there as soon as one is open or due, and
// returning to waiting when that session ends.
import { api, ApiError, type DeviceHome } from '../../shared/api';
import { h, mount } from '../../shared/dom';
import { t } from '../../shared/i18n';
import { fmt } from '../../shared/nav';
import { renderKiosk } from './kiosk';

const POLL_MS = 10_000;
/** How long before its start a booked session opens on the kiosk (the lobby waits for the host). */
const OPEN_BEFORE_MS = 10 * 60_000;

function due(home: DeviceHome, skip: ReadonlySet<string>, now = Date.now()): DeviceHome['sessions'][number] | undefined {
  const open = home.sessions.filter((s) => !skip.has(s.id));
  return (
    open.find((s) => ['lobby', 'live', 'interrupted'].includes(s.state)) ??
    open.find((s) => s.state === 'scheduled' && Date.parse(s.startsAt) - now <= OPEN_BEFORE_MS)
  );
}

function renderPairing(root: HTMLElement, done: () => void): void {
  const code = h('input', { type: 'text', required: true, autocomplete: 'off', 'data-testid': 'pair-code', placeholder: 'XXXXX-XXXXX' });
  const err = h('p', { class: 'error', role: 'alert', 'data-testid': 'pair-error' });
  mount(
    root,
    h(
      'main',
      { class: 'page kiosk-pair', 'data-testid': 'device-pairing' },
      h('h1', {}, t('devicePairTitle')),
      h('p', {}, t('devicePairHint')),
      h(
        'form',
        {
          onsubmit: (e: Event) => {
            e.preventDefault();
            api.pairDevice(code.value).then(done, (e2: Error) => {
              err.textContent = e2.message;
            });
          },
        },
        h('label', {}, t('pairingCode'), code),
        h('button', { type: 'submit', 'data-testid': 'pair-submit' }, t('pairDevice')),
        err,
      ),
    ),
  );
}

/** The device's page; returns its cleanup. */
export async function renderDevice(root: HTMLElement): Promise<() => void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let kioskCleanup: (() => void) | undefined;
  let stopped = false;
  // NOTE: a session whose kiosk another login took over (or whose detainee was removed) is not reopened here, or the two would take turns.
  const skip = new Set<string>();
  const home = async (): Promise<DeviceHome | null> => {
    try {
      return await api.deviceHome();
    } catch (err) {
      if (!(err instanceof ApiError) || (err.code !== 'unauthenticated' && err.code !== 'forbidden')) throw err;
      // NOTE: the device's login timed out (or this browser holds a person's login): log in again with the device credential.
      return api.deviceLogin().then(
        () => api.deviceHome(),
        () => null,
      );
    }
  };
  const tick = async (): Promise<void> => {
    if (stopped) return;
    const h0 = await home().catch(() => undefined);
    if (h0 === null) return renderPairing(root, () => void tick());
    const open = h0 ? due(h0, skip) : undefined;
    if (h0 && open) {
      kioskCleanup = await renderKiosk(root, open.id, {
        session: { id: open.id, type: open.type, recording: open.recording, detaineeName: open.detaineeName },
        onEnd: (state) => {
          if (state === 'replaced' || state === 'removed') skip.add(open.id);
          kioskCleanup?.();
          kioskCleanup = undefined;
          void tick();
        },
      });
      return;
    }
    mount(
      root,
      h(
        'main',
        { class: 'page kiosk-idle', 'data-testid': 'device-idle' },
        h('h1', {}, h0 ? `${h0.device.centerName} · ${h0.device.roomName}` : t('state.reconnecting')),
        h('p', {}, h0?.device.label ?? ''),
        h('ul', {}, ...(h0?.sessions ?? []).map((s) => h('li', {}, `${fmt(s.startsAt)} ${t(`type.${s.type}`)} · ${s.detaineeName}`))),
        h('p', { class: 'empty' }, t('deviceWaiting')),
      ),
    );
    timer = setTimeout(() => void tick(), POLL_MS);
  };
  await tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    kioskCleanup?.();
  };
}
