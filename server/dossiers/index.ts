/** The electronic dossier (电子卷宗): case file, packages, transfers between agencies. */
export { dossierRoutes } from './dossiers.routes';
export { makePackage, type DossierDeps } from './dossiers.service';
export type { CaseFileView } from './dossiers.view';
export { startRelay } from './dossiers.relay';
export { loadPeers } from './dossiers.peers';
export { verifyPackage, isPackageDir } from './dossiers.verify';
export { extractPackage, packDirectory } from './dossiers.tar';
export * from './dossiers.format';
export type { Peer } from './dossiers.types';
/** Used by other domains (re-exported so they need not reach into this folder's files). */
export type { CaseFileItem } from './dossiers.types';
export { buildPackage } from './dossiers.package';
