/** The electronic dossier (电子卷宗): case file, packages, transfers between agencies. */
export { dossierRoutes } from './dossiers.routes';
export { caseFileView, makePackage, retryTransfer, type CaseFileView, type DossierDeps, type PackageInput } from './dossiers.service';
export { startRelay, type Relay, type RelayOptions } from './dossiers.relay';
export { loadPeers, peersFrom, type PeerConfig } from './dossiers.peers';
export { verifyPackage, isPackageDir, type PackageVerifyResult } from './dossiers.verify';
export { extractPackage, packDirectory } from './dossiers.tar';
export { ingestDocument } from './dossiers.upload';
export * from './dossiers.format';
export type { Peer, CaseDocument } from './dossiers.types';
/** Used by other domains (re-exported so they need not reach into this folder's files). */
export type { CaseFileItem } from './dossiers.types';
export { buildPackage } from './dossiers.package';
