// A session's recordings (#/recordings/<session id>): each sealed part with its manifest hashes,
// the court view played in the browser (range requests; the server audits each viewing) with a
// timeline of phase markers and gaps to jump to, and every original segment with its hashes.
import type { UserView } from '../../server/auth';
import { api, type RecordingPartView } from '../shared/api';
import { h, mount } from '../shared/dom';
import { t } from '../shared/i18n';
import { fmt, topbar } from '../shared/nav';

function timeline(video: HTMLVideoElement, r: RecordingPartView): HTMLElement {
  const start = Date.parse(r.startedAt);
  const total = Math.max(1, (Date.parse(r.endedAt ?? r.startedAt) - start) / 1000);
  const pos = (iso: string) => `${Math.min(100, Math.max(0, ((Date.parse(iso) - start) / 1000 / total) * 100)).toFixed(2)}%`;
  const cursor = h('div', { class: 'cursor', style: 'left:0' });
  video.addEventListener('timeupdate', () => {
    cursor.style.left = `${Math.min(100, (video.currentTime / total) * 100).toFixed(2)}%`;
  });
  const bar = h(
    'div',
    { class: 'timeline', 'data-testid': 'timeline', title: t('markers') },
    ...r.manifest.markers.map((m) =>
      h('div', {
        class: 'marker',
        style: `left:${pos(m.at)}`,
        title: `${fmt(m.at)} ${m.phase ? t(`phase.${m.phase}`) : m.kind}`,
        'data-kind': m.kind,
      }),
    ),
    ...r.manifest.gaps.map((g) =>
      h('div', {
        class: 'gap',
        'data-testid': 'timeline-gap',
        style: `left:${pos(g.startedAt)};width:calc(${pos(g.endedAt ?? r.endedAt ?? g.startedAt)} - ${pos(g.startedAt)})`,
        title: `${fmt(g.startedAt)} ${g.detectedCause}${g.statedCause ? ` — ${g.statedCause}` : ''}`,
      }),
    ),
    cursor,
  );
  bar.addEventListener('click', (e) => {
    const rect = bar.getBoundingClientRect();
    video.currentTime = ((e.clientX - rect.left) / rect.width) * total;
  });
  return bar;
}

function part(r: RecordingPartView): HTMLElement {
  const video = h('video', { controls: true, preload: 'metadata', 'data-testid': 'court-view' }) as HTMLVideoElement;
  if (r.courtView) video.src = r.courtView.url;
  return h(
    'section',
    { class: 'recording', 'data-recording-id': r.id, 'data-state': r.state },
    h('h3', {}, `${t('recordings')} · ${r.part} · ${t(`recstate.${r.state}`)}`),
    h('p', {}, `${fmt(r.startedAt)} — ${r.endedAt ? fmt(r.endedAt) : '…'}${r.interruptedReason ? `（${r.interruptedReason}）` : ''}`),
    h(
      'p',
      { class: 'hash' },
      `${t('manifest')} SHA-256 ${r.manifestSha256 ?? '—'}`,
      h('br'),
      `SM3 ${r.manifestSm3 ?? '—'} · key ${r.keyId ?? '—'} · `,
      r.sealed ? h('a', { href: `/api/recordings/${r.id}/sealed/manifest.json`, 'data-testid': 'manifest-link' }, t('download')) : null,
    ),
    r.courtView
      ? h('div', {}, h('h4', {}, `${t('courtView')}（SHA-256 ${r.courtView.sha256.slice(0, 16)}…）`), video, timeline(video, r))
      : null,
    r.manifest.gaps.length
      ? h(
          'div',
          {},
          h('h4', {}, t('recordingGaps')),
          h(
            'ul',
            {},
            ...r.manifest.gaps.map((g) =>
              h(
                'li',
                {},
                `${fmt(g.startedAt)} – ${g.endedAt ? fmt(g.endedAt) : '…'} ${g.detectedCause}${g.statedCause ? ` — ${g.statedCause}` : ''}`,
              ),
            ),
          ),
        )
      : null,
    h('h4', {}, t('tracks')),
    ...r.manifest.tracks.map((tr) =>
      h(
        'details',
        {},
        h('summary', {}, `${tr.label}（${tr.segments.length} ${t('segments')}）`),
        h(
          'table',
          { class: 'grid' },
          h(
            'tbody',
            {},
            ...tr.segments.map((s) =>
              h(
                'tr',
                {},
                h('td', {}, String(s.index)),
                h('td', {}, fmt(s.startedAt)),
                h('td', { class: 'hash' }, s.sha256.slice(0, 16), '…'),
                h(
                  'td',
                  {},
                  r.segmentIds[s.file] ? h('a', { href: `/api/recordings/${r.id}/segments/${r.segmentIds[s.file]}` }, s.file) : s.file,
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

export async function renderRecordings(root: HTMLElement, me: UserView, sessionId: string): Promise<void> {
  const { recordings } = await api.recordings(sessionId);
  mount(
    root,
    topbar(me),
    h(
      'main',
      { class: 'page recordings', 'data-testid': 'recordings' },
      h('h2', {}, t('recordings')),
      recordings.length === 0 ? h('p', {}, t('noRecordings')) : null,
      ...recordings.map(part),
    ),
  );
}
