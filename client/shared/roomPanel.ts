// The procedure panel beside the video: session state, recording policy, phases, what is still
// needed before going live, identity confirmation and consent, and — for hosts — the lobby,
// the participants and the session's controls (hostPanel.ts).
import type { JoinView, PeerView, RoomStateView } from '../../server/realtime/events';
import type { SessionView } from '../../server/sessions';
import type { Signaling } from '../core/signaling';
import { h } from './dom';
import { t } from './i18n';
import { hostParts } from './hostPanel';
import { fmt } from './nav';

export class RoomPanel {
  readonly el = h('aside', { class: 'panel', 'data-testid': 'procedure-panel' });
  #state: RoomStateView | null = null;
  #join: JoinView | null = null;
  #waiting: PeerView[] = [];
  readonly #error = h('p', { class: 'error', role: 'alert', 'data-testid': 'panel-error' });
  readonly #reason = h('input', { type: 'text', placeholder: t('reason'), 'data-testid': 'host-reason', maxlength: 500 });

  constructor(
    private readonly sig: Signaling,
    private readonly session: SessionView,
  ) {}

  setJoin(j: JoinView): void {
    this.#join = j;
    this.render();
  }
  setState(s: RoomStateView): void {
    this.#state = s;
    this.render();
  }
  setWaiting(w: PeerView[]): void {
    this.#waiting = w;
    this.render();
  }

  #act(fn: () => Promise<unknown>): () => void {
    return () => {
      this.#error.textContent = '';
      fn()
        .then((r) => {
          if (r && typeof r === 'object' && 'sessionId' in (r as object) && 'state' in (r as object)) this.setState(r as RoomStateView);
        })
        .catch((e: Error) => {
          this.#error.textContent = e.message;
        });
    };
  }

  #reasonOr(fallback: string): string {
    const v = this.#reason.value.trim();
    return v.length >= 2 ? v : fallback;
  }

  #name(participantId: string): string {
    const p = this.session.participants.find((x) => x.id === participantId);
    return p ? `${t(`role.${p.sessionRole}`)} ${p.displayName}` : participantId;
  }

  /** Recorders per track and the recording's gaps; a host states each gap's cause here. */
  #recorder(st: RoomStateView, host: boolean): Node {
    const r = st.recorder!;
    const on = r.state === 'recording' && r.tracks.some((x) => x.recording);
    const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString('zh-CN', { hour12: false }) : '…');
    return h(
      'div',
      { class: 'recorder', 'data-testid': 'recorder' },
      h(
        'p',
        {},
        h(
          'b',
          { class: on ? 'rec-on' : 'rec-off', 'data-testid': 'recording-state', 'data-state': r.state, 'data-recording': String(on) },
          on ? `● ${t('recordingOn')}` : t(`recstate.${r.state}`),
        ),
      ),
      // NOTE: where the law leaves recording optional (mediation) a host starts it; it then runs to the end.
      host && st.recording === 'optional' && r.state === 'off' && st.state !== 'ended'
        ? h(
            'p',
            {},
            h(
              'button',
              { 'data-testid': 'start-recording', onclick: this.#act(() => this.sig.request('recording:start', {})) },
              t('startRecording'),
            ),
            h('small', { class: 'hint' }, ` ${t('startRecordingHint')}`),
          )
        : null,
      r.tracks.length
        ? h(
            'ul',
            { class: 'tracks' },
            ...r.tracks.map((x) => h('li', { 'data-recording': String(x.recording) }, `${x.recording ? '●' : '○'} ${x.label}`)),
          )
        : null,
      r.gaps.length
        ? h(
            'div',
            { class: 'gaps', 'data-testid': 'recording-gaps' },
            h('b', {}, t('recordingGaps')),
            h(
              'ul',
              {},
              ...r.gaps.map((g) => {
                const input = h('input', { type: 'text', placeholder: t('gapCause'), maxlength: 500, 'data-testid': 'gap-cause' });
                return h(
                  'li',
                  { 'data-gap-id': g.id, 'data-explained': String(g.statedCause !== null) },
                  `${time(g.startedAt)}–${time(g.endedAt)} ${g.label}：${g.detectedCause}`,
                  g.statedCause ? h('span', { class: 'ok' }, ` ✔ ${g.statedCause}`) : null,
                  host && g.requiresCause && !g.statedCause
                    ? h(
                        'span',
                        {},
                        ' ',
                        input,
                        h(
                          'button',
                          {
                            class: 'link',
                            'data-testid': 'explain-gap',
                            onclick: this.#act(() =>
                              this.sig.request('recording:explainGap', { gapId: g.id, cause: (input as HTMLInputElement).value.trim() }),
                            ),
                          },
                          t('explainGap'),
                        ),
                      )
                    : null,
                );
              }),
            ),
          )
        : null,
    );
  }

  render(): void {
    const st = this.#state;
    const j = this.#join;
    if (!st) return;
    const host = j?.host === true;
    const me = j?.self.peerId;
    const parts: (Node | null)[] = [];
    parts.push(
      h('h3', {}, t('procedure')),
      h(
        'p',
        {},
        `${t('sessionState')}：`,
        h('b', { 'data-testid': 'session-state', 'data-state': st.state }, t(`sstate.${st.state}`)),
        st.locked ? h('span', { class: 'tag' }, t('locked')) : null,
      ),
      h('p', {}, `${t('recordingPolicy')}：${t(`rec.${st.recording}`)}`),
    );

    const current = st.phases[st.phases.length - 1];
    if (st.allowedPhases.length) {
      parts.push(
        h(
          'p',
          {},
          `${t('currentPhase')}：`,
          h('b', { 'data-testid': 'current-phase', 'data-phase': current?.phase ?? '' }, current ? t(`phase.${current.phase}`) : '—'),
        ),
      );
      if (host) {
        parts.push(
          h(
            'div',
            { class: 'phase-buttons' },
            ...st.allowedPhases.map((ph) =>
              h(
                'button',
                {
                  class: current?.phase === ph ? 'secondary active' : 'secondary',
                  'data-testid': `phase-${ph}`,
                  onclick: this.#act(() => this.sig.request('session:phase', { phase: ph })),
                },
                t(`phase.${ph}`),
              ),
            ),
          ),
        );
      }
      if (st.phases.length) {
        parts.push(
          h(
            'ol',
            { class: 'phase-log', 'data-testid': 'phase-log' },
            ...st.phases.map((p) =>
              h('li', {}, `${new Date(p.at).toLocaleTimeString('zh-CN', { hour12: false })} ${t(`phase.${p.phase}`)} · ${p.by}`),
            ),
          ),
        );
      }
    }

    const hasDetainee = this.session.participants.some((p) => p.sessionRole === 'detainee');
    if (hasDetainee) {
      parts.push(
        h(
          'p',
          {},
          `${t('attestation')}：`,
          h(
            'b',
            { 'data-testid': 'attestation', 'data-attested': String(st.attestation !== null) },
            st.attestation ? `${t('attested')}（${t(`attest.${st.attestation.method}`)} · ${st.attestation.by}）` : t('notAttested'),
          ),
        ),
      );
      // NOTE: another login or device taking over the kiosk is shown to everyone, so nobody is unaware who is on screen now.
      for (const r of st.kioskReplacements)
        parts.push(
          h(
            'p',
            { class: 'warn', role: 'status', 'data-testid': 'kiosk-replaced' },
            `${t('kioskReplaced')}：${fmt(r.at)} ${r.previousName} → ${r.byName}`,
          ),
        );
    }

    if (st.state === 'lobby' || st.state === 'interrupted') {
      parts.push(
        h(
          'div',
          { class: 'requirements', 'data-testid': 'requirements' },
          h('b', {}, st.unmet.length ? t('requirements') : t('allMet')),
          st.unmet.length
            ? h(
                'ul',
                {},
                ...st.unmet.map((u) =>
                  h(
                    'li',
                    { 'data-code': u.code },
                    t(`unmet.${u.code}`) +
                      (u.participantId ? `：${this.#name(u.participantId)}` : '') +
                      (u.source ? ` · ${t(`src.${u.source}`)}` : ''),
                  ),
                ),
              )
            : null,
        ),
      );
    }
    if (st.recorder) parts.push(this.#recorder(st, host));

    if (me && j?.self.endpoint === 'user' && st.state !== 'ended') {
      const confirmed = st.confirmed.includes(me);
      parts.push(
        confirmed
          ? h('p', { class: 'ok', 'data-testid': 'identity-confirmed' }, `✔ ${t('identityConfirmed')}`)
          : h(
              'button',
              { 'data-testid': 'confirm-identity', onclick: this.#act(() => this.sig.request('session:confirmIdentity', {})) },
              t('confirmIdentity'),
            ),
      );
      const needsConsent = this.session.type === 'fast_track_trial';
      if (
        needsConsent &&
        ['prosecutor', 'defence_lawyer', 'duty_lawyer'].includes(j.self.sessionRole) &&
        !st.consents.some((c) => c.participantId === me)
      ) {
        parts.push(
          h(
            'button',
            {
              'data-testid': 'give-consent',
              onclick: this.#act(() => this.sig.request('session:consent', { participantId: me, method: 'in_session' })),
            },
            t('giveConsent'),
          ),
        );
      }
    }

    if (host)
      parts.push(
        ...hostParts({
          sig: this.sig,
          session: this.session,
          st,
          me,
          waiting: this.#waiting,
          reason: this.#reason,
          act: (fn) => this.#act(fn),
          reasonOr: (f) => this.#reasonOr(f),
          name: (id) => this.#name(id),
        }),
      );
    parts.push(this.#error);
    this.el.replaceChildren(...parts.filter((x): x is Node => x !== null));
  }
}
