export type Case = { id: string; agencyId: string; caseNumber: string; title: string; charge: string };
export type CaseView = Case;
