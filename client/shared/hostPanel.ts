// The host's part of the procedure panel: the lobby (admit, deny, admit all), the participants
// present (mute, allow to unmute, main view, back to the lobby, remove, record consent) and the
// session's controls (go live, interrupt, resume, lock, end, switch to in person).
import type { PeerView, RoomStateView } from '../../server/realtime/events';
import type { SessionView } from '../../server/sessions';
import type { Signaling } from '../core/signaling';
import { h } from './dom';
import { t } from './i18n';

/** What the host's controls need of the panel. */
export type HostContext = {
  sig: Signaling;
  session: SessionView;
  st: RoomStateView;
  me: string | undefined;
  waiting: PeerView[];
  reason: HTMLInputElement;
  act(fn: () => Promise<unknown>): () => void;
  reasonOr(fallback: string): string;
  name(participantId: string): string;
};

export function hostParts(c: HostContext): Node[] {
  const out: (Node | null)[] = [];
  out.push(
    h('h3', {}, t('lobby')),
    c.waiting.length === 0
      ? h('p', { class: 'empty' }, t('noWaiting'))
      : h(
          'ul',
          { class: 'lobby', 'data-testid': 'lobby-list' },
          ...c.waiting.map((w) =>
            h(
              'li',
              { 'data-peer-id': w.peerId },
              `${t(`role.${w.sessionRole}`)} ${w.displayName} `,
              h(
                'button',
                { 'data-testid': 'admit', onclick: c.act(() => c.sig.request('lobby:admit', { participantId: w.peerId })) },
                t('admit'),
              ),
              h(
                'button',
                {
                  class: 'secondary',
                  'data-testid': 'deny',
                  onclick: c.act(() => c.sig.request('lobby:deny', { participantId: w.peerId, reason: c.reasonOr('主持人未准许进入') })),
                },
                t('deny'),
              ),
            ),
          ),
        ),
    c.waiting.length > 1
      ? h('button', { 'data-testid': 'admit-all', onclick: c.act(() => c.sig.request('lobby:admitAll', {})) }, t('admitAll'))
      : null,
  );

  out.push(
    h('h3', {}, t('present')),
    h(
      'ul',
      { class: 'present', 'data-testid': 'present-list' },
      ...c.st.present
        .filter((id) => id !== c.me)
        .map((id) => {
          const needsConsent = c.session.type === 'fast_track_trial' && !c.st.consents.some((x) => x.participantId === id);
          return h(
            'li',
            { 'data-peer-id': id },
            c.name(id),
            ' ',
            h(
              'button',
              {
                class: 'link',
                'data-testid': 'mute-other',
                onclick: c.act(() => c.sig.request('host:mute', { participantId: id })),
              },
              t('muteOther'),
            ),
            h(
              'button',
              {
                class: 'link',
                'data-testid': 'allow-unmute',
                onclick: c.act(() => c.sig.request('host:unmute', { participantId: id })),
              },
              t('allowUnmute'),
            ),
            h(
              'button',
              {
                class: 'link',
                'data-testid': 'spotlight',
                onclick: c.act(() => c.sig.request('host:spotlight', { participantId: c.st.spotlight === id ? null : id })),
              },
              c.st.spotlight === id ? t('spotlightOff') : t('spotlightOn'),
            ),
            h(
              'button',
              {
                class: 'link',
                'data-testid': 'send-back',
                onclick: c.act(() => c.sig.request('lobby:return', { participantId: id })),
              },
              t('sendBack'),
            ),
            h(
              'button',
              {
                class: 'link',
                'data-testid': 'remove',
                onclick: c.act(() => c.sig.request('host:remove', { participantId: id, reason: c.reasonOr('主持人移出') })),
              },
              t('remove'),
            ),
            needsConsent
              ? h(
                  'button',
                  {
                    class: 'link',
                    'data-testid': 'record-consent',
                    onclick: c.act(() => c.sig.request('session:consent', { participantId: id, method: 'oral_on_record' })),
                  },
                  t('recordConsent'),
                )
              : null,
          );
        }),
    ),
  );

  out.push(
    h(
      'div',
      { class: 'host-controls' },
      c.reason,
      c.st.state === 'lobby'
        ? h('button', { 'data-testid': 'go-live', onclick: c.act(() => c.sig.request('session:goLive', {})) }, t('goLive'))
        : null,
      c.st.state === 'live'
        ? h(
            'button',
            {
              class: 'secondary',
              'data-testid': 'interrupt',
              onclick: c.act(() => c.sig.request('session:interrupt', { reason: c.reasonOr('设备故障') })),
            },
            t('interrupt'),
          )
        : null,
      c.st.state === 'interrupted'
        ? h('button', { 'data-testid': 'resume', onclick: c.act(() => c.sig.request('session:resume', {})) }, t('resume'))
        : null,
      h(
        'button',
        { class: 'secondary', 'data-testid': 'lock', onclick: c.act(() => c.sig.request('host:lock', { locked: !c.st.locked })) },
        c.st.locked ? t('unlock') : t('lock'),
      ),
      h(
        'button',
        {
          class: 'danger',
          'data-testid': 'end-session',
          onclick: c.act(() => c.sig.request('session:end', { reason: c.reasonOr('本次会话结束') })),
        },
        t('end'),
      ),
      c.session.type === 'fast_track_trial' || c.session.type === 'mediation'
        ? h(
            'button',
            {
              class: 'danger',
              'data-testid': 'switch-in-person',
              onclick: c.act(() => c.sig.request('session:end', { reason: c.reasonOr(''), inPerson: true })),
            },
            t('switchInPerson'),
          )
        : null,
    ),
  );
  return out.filter((x): x is Node => x !== null);
}
