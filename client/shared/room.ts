// The session room for officials and lawyers: remote tiles and the evidence stage, local preview,
// mute/camera/evidence/screen controls, the procedure panel, and the lobby screen while waiting.
import type { UserView } from '../../server/auth';
import { MediaSession } from '../core/MediaSession';
import { Signaling } from '../core/signaling';
import { api } from './api';
import { h, mount } from './dom';
import { imageTrack, screenTrack } from './evidence';
import { t } from './i18n';
import { RoomPanel } from './roomPanel';
import { installProbe } from './testHooks';
import { Tiles, tileEvents } from './tiles';
import { InstrumentPanel } from '../instrument/instrumentPanel';
import { TranscriptPanel } from '../transcript/editorPanel';

export async function renderRoom(root: HTMLElement, me: UserView, sessionId: string): Promise<() => void> {
  const { session } = await api.session(sessionId);
  const sig = new Signaling();
  const tiles = new Tiles(t('waitingOthers'));
  const panel = new RoomPanel(sig, session);
  const transcript = session.recording === 'forbidden' ? null : new TranscriptPanel(sig, sessionId);
  const instrument = new InstrumentPanel(sig, sessionId);
  const stateEl = h('span', { class: 'conn', 'data-testid': 'connection-state' }, t('state.connecting'));
  const notice = h('p', { class: 'notice', 'data-testid': 'room-notice', role: 'status' });
  const preview = h('video', { class: 'preview', autoplay: true, playsinline: true, muted: true, 'data-testid': 'local-preview' });
  let evidence: { stop(): void } | undefined;
  const ms: MediaSession = new MediaSession(sig, sessionId, 'user', {
    state: (s, detail) => {
      stateEl.textContent = t(`state.${s}`) + (detail && s !== 'connected' ? ` (${detail})` : '');
      stateEl.dataset.state = s;
      if (s !== 'connected') transcript?.disconnected();
      probe.state = s;
      document.body.dataset.roomState = s;
      notice.textContent = ['lobby', 'denied', 'removed', 'ended'].includes(s) ? t(`state.${s}`) + (detail ? `：${detail}` : '') : '';
      if (ms.localStream && preview.srcObject !== ms.localStream) preview.srcObject = ms.localStream;
    },
    joined: (j) => {
      panel.setJoin(j);
      evidenceBox.hidden = !j.grants.publish.includes('evidence');
      transcript?.joined(j).catch((e: Error) => {
        notice.textContent = e.message;
      });
      if (j.admitted)
        instrument.load({ kind: 'user', participantId: j.self.peerId, host: j.host }).catch((e: Error) => {
          notice.textContent = e.message;
        });
    },
    room: (st) => {
      panel.setState(st);
      tiles.setSpotlight(st.spotlight);
    },
    lobby: (w) => panel.setWaiting(w),
    hostmuted: (source, by) => {
      notice.textContent = `${t('hostMutedYou')}（${by}）`;
      if (source === 'microphone') micBtn.textContent = t('unmute');
    },
    hostunmuted: (_source, by) => {
      notice.textContent = `${t('hostAllowedUnmute')}（${by}）`;
    },
    ...tileEvents(tiles),
  });
  const probe = installProbe(ms);

  const micBtn = h(
    'button',
    {
      'data-testid': 'toggle-mic',
      onclick: () => {
        const m = !ms.muted.microphone;
        void ms.setMuted('microphone', m).then(
          () => {
            micBtn.textContent = m ? t('unmute') : t('mute');
          },
          (err: Error) => {
            micBtn.textContent = t('unmute');
            notice.textContent = err.message;
          },
        );
      },
    },
    t('mute'),
  );
  const camBtn = h(
    'button',
    {
      'data-testid': 'toggle-camera',
      onclick: () => {
        const m = !ms.muted.camera;
        void ms.setMuted('camera', m).then(
          () => {
            camBtn.textContent = m ? t('cameraOn') : t('cameraOff');
            preview.classList.toggle('off', m);
          },
          (err: Error) => {
            notice.textContent = err.message;
          },
        );
      },
    },
    t('cameraOff'),
  );
  const fileInput = h('input', {
    type: 'file',
    accept: 'image/*',
    'data-testid': 'evidence-file',
    onchange: () => {
      const f = fileInput.files?.[0];
      if (!f) return;
      void (async () => {
        evidence?.stop();
        const img = await imageTrack(f, `${session.caseNumber} 示证：${f.name}`);
        evidence = img;
        await ms.present('evidence', img.track);
        stopEvidenceBtn.hidden = false;
      })().catch((e: Error) => {
        notice.textContent = e.message;
      });
    },
  });
  const stopEvidenceBtn = h(
    'button',
    {
      class: 'secondary',
      hidden: true,
      'data-testid': 'stop-evidence',
      onclick: () => {
        void ms.stopPresenting('evidence').then(() => {
          evidence?.stop();
          evidence = undefined;
          stopEvidenceBtn.hidden = true;
          fileInput.value = '';
        });
      },
    },
    t('stopEvidence'),
  );
  const screenBtn = h(
    'button',
    {
      class: 'secondary',
      'data-testid': 'share-screen',
      onclick: () => {
        if (ms.isPresenting('screen')) {
          void ms.stopPresenting('screen').then(() => {
            screenBtn.textContent = t('shareScreen');
          });
          return;
        }
        void screenTrack()
          .then((tr) => ms.present('screen', tr))
          .then(() => {
            screenBtn.textContent = t('stopScreen');
          })
          .catch((e: Error) => {
            notice.textContent = e.message;
          });
      },
    },
    t('shareScreen'),
  );
  const evidenceBox = h(
    'div',
    { class: 'evidence-controls', hidden: true },
    h('label', {}, t('showEvidence'), fileInput),
    stopEvidenceBtn,
    screenBtn,
  );
  const leaveBtn = h(
    'button',
    {
      class: 'danger',
      'data-testid': 'leave',
      onclick: () => {
        void ms.leave().finally(() => {
          sig.close();
          location.hash = '#/sessions';
        });
      },
    },
    t('leave'),
  );

  mount(
    root,
    h(
      'header',
      { class: 'topbar' },
      h('strong', {}, `${t(`type.${session.type}`)} · ${session.caseNumber}`),
      h('span', { class: 'who' }, `${me.displayName} · ${session.title}${session.roomName ? ` · ${session.roomName}` : ''}`),
      h('span', {}, `${t('connection')}: `, stateEl),
    ),
    h(
      'main',
      { class: 'room' },
      h('section', { class: 'stage-area' }, notice, tiles.stage, tiles.el, transcript?.el ?? '', instrument.el),
      h(
        'div',
        { class: 'side' },
        h('div', { class: 'self' }, preview, h('p', {}, t('you')), h('div', { class: 'controls' }, micBtn, camBtn, leaveBtn), evidenceBox),
        panel.el,
      ),
    ),
  );

  await ms.join();
  preview.srcObject = ms.localStream ?? null;
  return () => {
    evidence?.stop();
    void ms.leave();
    sig.close();
  };
}
