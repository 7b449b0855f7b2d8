// The domain's one vocabulary: every closed list (types, roles, states, kinds) written once, with
// its derived type and its zh-CN/en labels. Server, media and client import it from here; the
// migrations' CHECK constraints are compared with it by test/integration/vocabulary.int.test.ts.
// Pure data and functions: no Node or browser APIs, no imports from the rest of the server.

/** A label in both UI languages. */
export type { Label, Lang } from './label';
/** Account roles and agency kinds. */
export * from './accounts';
/** Session types, states, roles, phases, consent and attestation methods. */
export * from './sessions';
/** Media sources and which of them send all the time. */
export * from './media';
/** Case stages, persons, custody statuses, key dates, deadline rules and warning levels. */
export * from './cases';
/** Custody movements (收押, 转押, 出所) and roster states. */
export * from './custody';
/** Dossier purposes, recipients, origins and transfer states. */
export * from './dossiers';
/** Notices (SMS or in the platform): kinds and states. */
export * from './notifications';
/** Recording part states. */
export * from './recording';
/** The record's states, blocks, closing modes and signatures. */
export * from './transcripts';
/** Signed instruments (具结书, judgment, 调解协议书): kinds, states, plea procedures. */
export * from './instruments';
/** Audit outcomes. */
export * from './audit';
/** China time (UTC+8), the one place it is computed. */
export * from './chinaTime';
