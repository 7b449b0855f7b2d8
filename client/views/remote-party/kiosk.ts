// The custody-room kiosk (羁押室终端): large and simple; the detainee touches nothing but the screen.
// It joins as the session's detainee endpoint, opened either by a custody officer from their own
// login or by the room's enrolled kiosk device (#/device). Until the officer on duty has attested
// the detainee's identity, an attestation form is shown for them; on a device they sign in on it.
import type { RoomStateView } from '../../../server/realtime/events';
import { MediaSession } from '../../core/MediaSession';
import { Signaling } from '../../core/signaling';
import { api } from '../../shared/api';
import { h, mount } from '../../shared/dom';
import { t } from '../../shared/i18n';
import { installProbe } from '../../shared/testHooks';
import { Tiles, tileEvents } from '../../shared/tiles';
import { InstrumentPanel } from '../../instrument/instrumentPanel';
import { CameraSnapshotReader } from '../../transcript/fingerprint';
import { KioskTranscript } from '../../transcript/kioskView';

/** What the kiosk shows of its session; a device gets it from /api/device/home, a login from the session. */
export type KioskSession = { id: string; type: string; recording: string; detaineeName: string };

export async function renderKiosk(
  root: HTMLElement,
  sessionId: string,
  device?: { session: KioskSession; onEnd: (state: string) => void },
): Promise<() => void> {
  const session: KioskSession =
    device?.session ??
    (await api.session(sessionId).then(({ session: s }) => ({
      id: s.id,
      type: s.type,
      recording: s.recording,
      detaineeName: s.participants.find((p) => p.sessionRole === 'detainee')?.displayName ?? '',
    })));
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
  // NOTE: a kiosk device vouches for nobody: the officer on duty signs in on it for the attestation alone.
  const officerUser = h('input', { type: 'text', 'data-testid': 'attest-officer', autocomplete: 'off' });
  const officerPass = h('input', { type: 'password', 'data-testid': 'attest-password', autocomplete: 'off' });
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
          .request('session:attestIdentity', {
            method: m,
            ...(m === 'id_card' ? { idLast4: last4.value.trim() } : {}),
            ...(device ? { officer: { username: officerUser.value.trim(), password: officerPass.value } } : {}),
          })
          .then(showState)
          .finally(() => {
            officerPass.value = '';
          })
          .catch((err: Error) => {
            attestErr.textContent = err.message;
          });
      },
    },
    h('h2', {}, t('kioskAttestTitle')),
    h('p', {}, `${t('role.detainee')}：`, h('b', {}, session.detaineeName)),
    h('label', {}, t('attestMethod'), method),
    h('label', {}, t('idLast4'), last4),
    device ? h('label', {}, t('officerOnDuty'), officerUser) : null,
    device ? h('label', {}, t('password'), officerPass) : null,
    h('button', { type: 'submit', 'data-testid': 'attest-submit' }, t('attest')),
    attestErr,
  );

  function showState(st: RoomStateView): void {
    attestForm.hidden = st.attestation !== null || !['lobby', 'live', 'interrupted'].includes(st.state);
    const current = st.phases[st.phases.length - 1];
    phaseEl.textContent = `${t(`sstate.${st.state}`)}${current ? ` · ${t(`phase.${current.phase}`)}` : ''}`;
    phaseEl.dataset.phase = current?.phase ?? '';
  }

  const reader = new CameraSnapshotReader(() => ms.localStream);
  const transcript = session.recording === 'forbidden' ? null : new KioskTranscript(sig, reader);
  const instrument = new InstrumentPanel(sig, sessionId, true);
  const ms: MediaSession = new MediaSession(sig, sessionId, 'kiosk', {
    state: (s) => {
      stateEl.textContent = t(`state.${s}`);
      stateEl.dataset.state = s;
      probe.state = s;
      if (device && ['ended', 'replaced', 'removed', 'left'].includes(s)) setTimeout(() => device.onEnd(s), 5000);
    },
    joined: (j) => {
      if (!j.admitted) return;
      transcript?.load().catch(() => undefined);
      instrument.load({ kind: 'kiosk', reader }).catch(() => undefined);
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
      instrument.el,
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
