// The custody-room kiosk (羁押室终端): large and simple; the detainee touches nothing but the screen.
// A custody officer opens it from their login; it joins as the session's detainee endpoint.
import { MediaSession } from '../../core/MediaSession';
import { Signaling } from '../../core/signaling';
import { api } from '../../shared/api';
import { h, mount } from '../../shared/dom';
import { t } from '../../shared/i18n';
import { installProbe } from '../../shared/testHooks';
import { Tiles, tileEvents } from '../../shared/tiles';

export async function renderKiosk(root: HTMLElement, sessionId: string): Promise<() => void> {
  const { session } = await api.session(sessionId);
  const sig = new Signaling();
  const tiles = new Tiles(t('kioskWaiting'));
  const stateEl = h('div', { class: 'kiosk-state', 'data-testid': 'connection-state' }, t('state.connecting'));
  const clock = h('div', { class: 'kiosk-clock' });
  const tick = setInterval(() => { clock.textContent = new Date().toLocaleString('zh-CN', { hour12: false }); }, 1000);
  const ms = new MediaSession(sig, sessionId, 'kiosk', {
    state: (s) => { stateEl.textContent = t(`state.${s}`); stateEl.dataset.state = s; probe.state = s; },
    ...tileEvents(tiles),
  });
  const probe = installProbe(ms);
  document.body.classList.add('kiosk-mode');
  mount(root,
    h('div', { class: 'kiosk' },
      h('header', {}, h('h1', {}, t('kioskTitle')), clock),
      h('p', { class: 'notice' }, `${t(`type.${session.type}`)} · ${t('kioskNotice')}`),
      tiles.el,
      stateEl));
  await ms.join();
  return () => { clearInterval(tick); document.body.classList.remove('kiosk-mode'); void ms.leave(); sig.close(); };
}
