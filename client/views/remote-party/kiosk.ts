// The custody-room kiosk (羁押室终端): large and simple; the detainee touches nothing but the screen.
// A custody officer opens it from their login; it joins as the session's detainee endpoint. Until
// the officer has attested the detainee's identity, an attestation form is shown for the officer.
import type { RoomStateView } from '../../../server/realtime/events';
import { MediaSession } from '../../core/MediaSession';
import { Signaling } from '../../core/signaling';
import { api } from '../../shared/api';
import { h, mount } from '../../shared/dom';
import { t } from '../../shared/i18n';
import { installProbe } from '../../shared/testHooks';
import { Tiles, tileEvents } from '../../shared/tiles';
import { CameraSnapshotReader } from '../../transcript/fingerprint';
import { KioskTranscript } from '../../transcript/kioskView';

export async function renderKiosk(root: HTMLElement, sessionId: string): Promise<() => void> {
  const { session } = await api.session(sessionId);
  const detainee = session.participants.find((p) => p.sessionRole === 'detainee');
  const sig = new Signaling();
  const tiles = new Tiles(t('kioskWaiting'));
  const stateEl = h('div', { class: 'kiosk-state', 'data-testid': 'connection-state' }, t('state.connecting'));
  const phaseEl = h('div', { class: 'kiosk-phase', 'data-testid': 'kiosk-phase' });
  const clock = h('div', { class: 'kiosk-clock' });
  const tick = setInterval(() => {
    clock.textContent = new Date().toLocaleString('zh-CN', { hour12: false });
  }, 1000);

  const method = h(
    'select',
    { 'data-testid': 'attest-method' },
    ...(['id_card', 'face_to_face', 'custody_record'] as const).map((m) => h('option', { value: m }, t(`attest.${m}`))),
  );
  const last4 = h('input', { type: 'text', maxlength: 4, 'data-testid': 'attest-last4', placeholder: t('idLast4'), autocomplete: 'off' });
  const attestErr = h('p', { class: 'error', role: 'alert' });
  const attestForm = h(
    'form',
    {
      class: 'attest',
      'data-testid': 'attest-form',
      hidden: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        attestErr.textContent = '';
        const m = method.value as 'id_card' | 'face_to_face' | 'custody_record';
        sig
          .request('session:attestIdentity', { method: m, ...(m === 'id_card' ? { idLast4: last4.value.trim() } : {}) })
          .then(showState)
          .catch((err: Error) => {
            attestErr.textContent = err.message;
          });
      },
    },
    h('h2', {}, t('kioskAttestTitle')),
    h('p', {}, `${t('role.detainee')}：`, h('b', {}, detainee?.displayName ?? '')),
    h('label', {}, t('attestMethod'), method),
    h('label', {}, t('idLast4'), last4),
    h('button', { type: 'submit', 'data-testid': 'attest-submit' }, t('attest')),
    attestErr,
  );

  function showState(st: RoomStateView): void {
    attestForm.hidden = st.attestation !== null || !['lobby', 'live', 'interrupted'].includes(st.state);
    const current = st.phases[st.phases.length - 1];
    phaseEl.textContent = `${t(`sstate.${st.state}`)}${current ? ` · ${t(`phase.${current.phase}`)}` : ''}`;
    phaseEl.dataset.phase = current?.phase ?? '';
  }

  const transcript = session.recording === 'forbidden' ? null : new KioskTranscript(sig, new CameraSnapshotReader(() => ms.localStream));
  const ms: MediaSession = new MediaSession(sig, sessionId, 'kiosk', {
    state: (s) => {
      stateEl.textContent = t(`state.${s}`);
      stateEl.dataset.state = s;
      probe.state = s;
    },
    joined: (j) => {
      if (j.admitted) transcript?.load().catch(() => undefined);
    },
    room: showState,
    ...tileEvents(tiles),
  });
  const probe = installProbe(ms);
  document.body.classList.add('kiosk-mode');
  mount(
    root,
    h(
      'div',
      { class: 'kiosk' },
      h('header', {}, h('h1', {}, t('kioskTitle')), phaseEl, clock),
      h('p', { class: 'notice' }, `${t(`type.${session.type}`)} · ${t('kioskNotice')}`),
      attestForm,
      tiles.stage,
      tiles.el,
      transcript?.el ?? '',
      stateEl,
    ),
  );
  await ms.join();
  return () => {
    clearInterval(tick);
    document.body.classList.remove('kiosk-mode');
    void ms.leave();
    sig.close();
  };
}
