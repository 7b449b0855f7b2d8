// The session room for officials and lawyers: local preview, remote tiles, mute/camera, leave.
import type { UserView } from '../../server/auth/auth.types';
import { MediaSession } from '../core/MediaSession';
import { Signaling } from '../core/signaling';
import { api } from './api';
import { h, mount } from './dom';
import { t } from './i18n';
import { installProbe } from './testHooks';
import { Tiles, tileEvents } from './tiles';

export async function renderRoom(root: HTMLElement, me: UserView, sessionId: string): Promise<() => void> {
  const { session } = await api.session(sessionId);
  const sig = new Signaling();
  const tiles = new Tiles(t('waitingOthers'));
  const stateEl = h('span', { class: 'conn', 'data-testid': 'connection-state' }, t('state.connecting'));
  const preview = h('video', { class: 'preview', autoplay: true, playsinline: true, muted: true, 'data-testid': 'local-preview' });
  const ms: MediaSession = new MediaSession(sig, sessionId, 'user', {
    state: (s, detail) => {
      stateEl.textContent = t(`state.${s}`) + (detail && s !== 'connected' ? ` (${detail})` : '');
      stateEl.dataset.state = s;
      probe.state = s;
      if (ms.localStream && preview.srcObject !== ms.localStream) preview.srcObject = ms.localStream;
    },
    ...tileEvents(tiles),
  });
  const probe = installProbe(ms);

  const micBtn = h('button', { 'data-testid': 'toggle-mic', onclick: () => {
    const m = !ms.muted.microphone;
    void ms.setMuted('microphone', m).then(() => { micBtn.textContent = m ? t('unmute') : t('mute'); });
  } }, t('mute'));
  const camBtn = h('button', { 'data-testid': 'toggle-camera', onclick: () => {
    const m = !ms.muted.camera;
    void ms.setMuted('camera', m).then(() => { camBtn.textContent = m ? t('cameraOn') : t('cameraOff'); preview.classList.toggle('off', m); });
  } }, t('cameraOff'));
  const leaveBtn = h('button', { class: 'danger', 'data-testid': 'leave', onclick: () => {
    void ms.leave().finally(() => { sig.close(); location.hash = '#/sessions'; });
  } }, t('leave'));

  mount(root,
    h('header', { class: 'topbar' },
      h('strong', {}, `${t(`type.${session.type}`)} · ${session.caseNumber}`),
      h('span', { class: 'who' }, `${me.displayName} · ${session.title}`),
      h('span', {}, `${t('connection')}: `, stateEl)),
    h('main', { class: 'room' },
      tiles.el,
      h('aside', { class: 'self' }, preview, h('p', {}, t('you')),
        h('div', { class: 'controls' }, micBtn, camBtn, leaveBtn))));

  await ms.join();
  preview.srcObject = ms.localStream ?? null;
  return () => { void ms.leave(); sig.close(); };
}
