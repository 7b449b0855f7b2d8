// The case page's electronic dossier (电子卷宗): every item with its hashes, origin and history,
// document upload, one-action transfer to a configured peer (or a package for export), the state
// of each transfer with its receipt or refusal, and the dossiers received from other agencies.
import { PURPOSES, RECIPIENT_KIND, type Purpose } from '../../server/vocabulary';
import { api, type DossierView } from '../shared/api';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';
import { fmt } from '../shared/nav';

const kib = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.max(1, Math.round(n / 1024))} KiB`);
const hashCell = (sha256: string | null, sm3: string | null) =>
  h(
    'td',
    { class: 'hash', title: `SHA-256 ${sha256 ?? '—'}\nSM3 ${sm3 ?? '—'}` },
    h('code', {}, sha256 ? `${sha256.slice(0, 16)}…` : '—'),
    h('br', {}),
    h('code', {}, sm3 ? `${sm3.slice(0, 16)}…` : '—'),
  );

export async function dossierSection(caseId: string, holder: boolean): Promise<HTMLElement> {
  const section = h('section', { class: 'dossier', 'data-testid': 'dossier' });
  const draw = async () => {
    const v = await api.dossier(caseId);
    section.replaceChildren(
      h('h3', {}, t('dossier')),
      items(v),
      ...(holder ? [uploadForm(caseId, draw), sendForm(caseId, v, draw)] : []),
      packages(v, draw),
      received(v),
    );
  };
  await draw();
  return section;
}

function items(v: DossierView): HTMLElement {
  return h(
    'table',
    { class: 'grid', 'data-testid': 'dossier-items' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...[t('itemTitle'), t('itemKind'), t('origin'), t('size'), t('hashes'), t('madeBy'), t('history')].map((x) => h('th', {}, x)),
      ),
    ),
    h(
      'tbody',
      {},
      ...v.items.map((i) =>
        h(
          'tr',
          { 'data-kind': i.kind },
          h('td', {}, i.title),
          h('td', {}, t(`ik.${i.kind}`) + (i.files > 1 ? ` (${i.files})` : '')),
          h('td', {}, `${t(`og.${i.origin}`)} · ${i.agency}`),
          h('td', {}, kib(i.bytes)),
          hashCell(i.sha256, i.sm3),
          h('td', {}, `${fmt(i.createdAt)}${i.createdBy ? ` · ${i.createdBy}` : ''}`),
          h(
            'td',
            {},
            h(
              'details',
              {},
              h('summary', {}, String(i.history.length)),
              h(
                'ul',
                {},
                ...i.history.map((e) =>
                  h('li', {}, `${fmt(e.at)} ${e.actor} ${e.action}${e.outcome === 'success' ? '' : ` (${e.outcome})`}`),
                ),
              ),
            ),
          ),
        ),
      ),
      h('tr', { 'data-kind': 'audit' }, h('td', { colspan: 7 }, t('auditExtract'))),
    ),
  );
}

function uploadForm(caseId: string, refresh: () => Promise<void>): HTMLElement {
  const file = h('input', { type: 'file', accept: '.pdf,.ofd,.jpg,.jpeg,.png,.tif,.tiff', 'data-testid': 'dossier-file' });
  const title = h('input', { type: 'text', placeholder: t('docTitle'), maxlength: 200 });
  const origin = h(
    'select',
    {},
    h('option', { value: 'born_digital' }, t('og.born_digital')),
    h('option', { value: 'scanned' }, t('og.scanned')),
  );
  const msg = h('p', { class: 'error', role: 'alert' });
  const button = h(
    'button',
    {
      'data-testid': 'dossier-upload',
      onclick: async () => {
        const f = file.files?.[0];
        if (!f) return;
        button.disabled = true;
        msg.textContent = t('uploading');
        try {
          await api.uploadDocument(caseId, f, { title: title.value.trim(), origin: origin.value as 'born_digital' | 'scanned' });
          await refresh();
        } catch (e) {
          msg.textContent = (e as Error).message;
          button.disabled = false;
        }
      },
    },
    t('upload'),
  );
  return h('div', { class: 'row' }, h('h4', {}, t('uploadDocument')), file, title, origin, button, msg);
}

function sendForm(caseId: string, v: DossierView, refresh: () => Promise<void>): HTMLElement {
  const purpose = h('select', { 'data-testid': 'dossier-purpose' }, ...PURPOSES.map((p) => h('option', { value: p }, t(`pp.${p}`))));
  const peer = h('select', { 'data-testid': 'dossier-peer' });
  const fillPeers = () =>
    peer.replaceChildren(
      ...v.peers
        .filter((p) => p.kind === RECIPIENT_KIND[purpose.value as Purpose])
        .map((p) => h('option', { value: p.code }, `${p.name}（${p.code}）`)),
    );
  purpose.addEventListener('change', fillPeers);
  fillPeers();
  const msg = h('p', { class: 'error', role: 'alert' });
  // NOTE: one id per form: a double click or a retried request makes one package, not two.
  let requestId = crypto.randomUUID();
  const run = (transfer: boolean) => async (ev: Event) => {
    const b = ev.currentTarget as HTMLButtonElement;
    b.disabled = true;
    msg.textContent = '';
    try {
      await api.makePackage(caseId, { recipient: peer.value, purpose: purpose.value, requestId, transfer });
      requestId = crypto.randomUUID();
      await refresh();
    } catch (e) {
      msg.textContent = (e as Error).message;
      b.disabled = false;
    }
  };
  return h(
    'div',
    { class: 'row' },
    h('h4', {}, t('sendTo')),
    purpose,
    peer,
    h('button', { 'data-testid': 'dossier-send', disabled: v.peers.length === 0, onclick: run(true) }, t('sendDossier')),
    h('button', { 'data-testid': 'dossier-export', disabled: v.peers.length === 0, onclick: run(false) }, t('exportDossier')),
    v.peers.length === 0 ? h('span', { class: 'empty' }, t('noPeers')) : null,
    msg,
  );
}

function packages(v: DossierView, refresh: () => Promise<void>): HTMLElement {
  return h(
    'div',
    {},
    h('h4', {}, t('packages')),
    h(
      'table',
      { class: 'grid', 'data-testid': 'dossier-packages' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[t('version'), t('recipient'), t('purpose'), t('transferState'), t('receipt'), t('manifestHash'), ''].map((x) =>
            h('th', {}, x),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...v.packages.map((p) => {
          const tr = p.transfer;
          const state = !tr
            ? t('ts.export')
            : `${t(`ts.${tr.state}`)} · ${t('attempts')} ${tr.attempts}` +
              (tr.refusal ? ` · ${tr.refusal.code}: ${tr.refusal.message}` : tr.lastError ? ` · ${tr.lastError}` : '');
          const r = p.receipt?.body as { receivedAt: string; deadline: { rule: string; dueAt: string | null } | null } | undefined;
          return h(
            'tr',
            { 'data-state': tr?.state ?? 'export' },
            h('td', {}, `v${p.version} · ${fmt(p.createdAt)}`),
            h('td', {}, p.recipient),
            h('td', {}, t(`pp.${p.purpose}`)),
            h('td', {}, state),
            h(
              'td',
              {},
              r
                ? `${t('receiptAt')} ${fmt(r.receivedAt)}${r.deadline ? ` · ${r.deadline.rule} → ${r.deadline.dueAt ? fmt(r.deadline.dueAt) : '—'}` : ''}`
                : '—',
            ),
            hashCell(p.manifestSha256, p.manifestSm3),
            h(
              'td',
              {},
              h('a', { href: `/api/dossier-packages/${p.id}/download` }, t('download')),
              tr?.state === 'refused' ? h('button', { onclick: () => void api.retryTransfer(p.id).then(refresh) }, t('retry')) : null,
            ),
          );
        }),
      ),
    ),
  );
}

function received(v: DossierView): HTMLElement | string {
  if (v.received.length === 0) return '';
  return h(
    'div',
    {},
    h('h4', {}, t('receivedDossiers')),
    h(
      'table',
      { class: 'grid', 'data-testid': 'dossier-received' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[t('version'), t('sender'), t('purpose'), t('receivedAt'), t('files'), t('manifestHash')].map((x) => h('th', {}, x)),
        ),
      ),
      h(
        'tbody',
        {},
        ...v.received.map((r) =>
          h(
            'tr',
            {},
            h('td', {}, `v${r.version}`),
            h('td', {}, r.sender),
            h('td', {}, t(`pp.${r.purpose}`)),
            h('td', {}, fmt(r.receivedAt)),
            h('td', {}, `${r.files} · ${kib(r.bytes)}`),
            hashCell(r.manifestSha256, r.manifestSm3),
          ),
        ),
      ),
    ),
  );
}
