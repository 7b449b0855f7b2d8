// The electronic dossier (电子卷宗): what a transfer is for, who receives it, where its files come from.
import type { AgencyKind } from './accounts';
import type { Label } from './label';

export const PURPOSES = ['arrest_approval', 'prosecution_review', 'prosecution'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** The kinds of agency that send and receive dossiers (公检法). */
export const PEER_KINDS = ['police', 'procuratorate', 'court'] as const satisfies readonly AgencyKind[];
export type PeerKind = (typeof PEER_KINDS)[number];

/** The kind of agency that receives a package sent for each purpose. */
export const RECIPIENT_KIND: Record<Purpose, PeerKind> = {
  arrest_approval: 'procuratorate',
  prosecution_review: 'procuratorate',
  prosecution: 'court',
};

/** Where an uploaded document comes from: made electronically, or a scan of paper. */
export const DOCUMENT_ORIGINS = ['born_digital', 'scanned'] as const;
export type DocumentOrigin = (typeof DOCUMENT_ORIGINS)[number];
/** Every file's origin in a package: the documents' own, or made by the system (records, recordings, audit). */
export const FILE_ORIGINS = [...DOCUMENT_ORIGINS, 'system'] as const;
export type FileOrigin = (typeof FILE_ORIGINS)[number];

export const ITEM_KINDS = ['transcript', 'instrument', 'recording', 'document', 'received'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const OUTBOX_STATES = ['pending', 'delivered', 'refused'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const PURPOSE_LABELS: Record<Purpose, Label> = {
  arrest_approval: { 'zh-CN': '提请批准逮捕', en: 'Application for arrest approval' },
  prosecution_review: { 'zh-CN': '移送审查起诉', en: 'Transfer for prosecution review' },
  prosecution: { 'zh-CN': '提起公诉', en: 'Public prosecution' },
};

export const FILE_ORIGIN_LABELS: Record<FileOrigin, Label> = {
  born_digital: { 'zh-CN': '电子原件', en: 'Born digital' },
  scanned: { 'zh-CN': '扫描件', en: 'Scan' },
  system: { 'zh-CN': '系统生成', en: 'Made by the system' },
};

export const ITEM_KIND_LABELS: Record<ItemKind, Label> = {
  transcript: { 'zh-CN': '笔录', en: 'Record' },
  instrument: { 'zh-CN': '签署文书', en: 'Signed instrument' },
  recording: { 'zh-CN': '同步录音录像', en: 'Recording' },
  document: { 'zh-CN': '文书材料', en: 'Document' },
  received: { 'zh-CN': '接收卷宗材料', en: 'Received file' },
};

export const OUTBOX_STATE_LABELS: Record<OutboxState, Label> = {
  pending: { 'zh-CN': '待送达', en: 'Pending' },
  delivered: { 'zh-CN': '已送达', en: 'Delivered' },
  refused: { 'zh-CN': '被拒收', en: 'Refused' },
};
