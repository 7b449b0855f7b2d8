// The statutory deadlines of DOMAIN.md (D1-D15). Each is a period from a starting event.
import type { DeadlineRule } from '../vocabulary';

export type { DeadlineRule } from '../vocabulary';

type Period = { unit: 'hours' | 'days' | 'months'; amount: number };

export type RuleDef = { rule: DeadlineRule; startsOn: string; what: string; law: string; period: (v: RuleVariant) => Period };

/** Facts that change a period: approved extensions, fast-track with a sentence over a year... */
export type RuleVariant = {
  /** D4: extra days approved for special cases (1-4), or 30 days in all for roving/gang crime. */
  specialExtensionDays?: number;
  rovingOrGang?: boolean;
  /** D6: approved extensions in months (1, then 2, then 2). */
  extensionMonths?: number;
  /** D7/D9: a plea (认罪认罚) fast-track case, and whether the possible sentence exceeds one year. */
  fastTrack?: boolean;
  sentenceOverOneYear?: boolean;
  /** D7: the 15-day extension of ordinary prosecution review. */
  reviewExtended?: boolean;
  /** D15: a summons approved to last 24 hours. */
  summonsExtended?: boolean;
};

export const RULES: Record<DeadlineRule, RuleDef> = {
  D1: { rule: 'D1', startsOn: 'detention', what: '送看守所羁押并通知家属', law: 'CPL 85', period: () => ({ unit: 'hours', amount: 24 }) },
  D2: { rule: 'D2', startsOn: 'detention', what: '拘留后第一次讯问', law: 'CPL 86', period: () => ({ unit: 'hours', amount: 24 }) },
  D3: { rule: 'D3', startsOn: 'arrest', what: '逮捕后讯问', law: 'CPL 94', period: () => ({ unit: 'hours', amount: 24 }) },
  D4: {
    rule: 'D4',
    startsOn: 'detention',
    what: '提请批准逮捕',
    law: 'CPL 91',
    period: (v) => ({ unit: 'days', amount: v.rovingOrGang ? 30 : 3 + Math.min(4, Math.max(0, v.specialExtensionDays ?? 0)) }),
  },
  D5: {
    rule: 'D5',
    startsOn: 'arrest_application_received',
    what: '作出是否批准逮捕决定',
    law: 'CPL 91',
    period: () => ({ unit: 'days', amount: 7 }),
  },
  D6: {
    rule: 'D6',
    startsOn: 'arrest',
    what: '侦查羁押期限',
    law: 'CPL 156-159',
    period: (v) => ({ unit: 'months', amount: 2 + Math.min(5, Math.max(0, v.extensionMonths ?? 0)) }),
  },
  D7: {
    rule: 'D7',
    startsOn: 'prosecution_review_received',
    what: '审查起诉',
    law: 'CPL 172',
    period: (v) =>
      v.fastTrack
        ? { unit: 'days', amount: v.sentenceOverOneYear ? 15 : 10 }
        : v.reviewExtended
          ? { unit: 'days', amount: 45 }
          : { unit: 'months', amount: 1 },
  },
  D9: {
    rule: 'D9',
    startsOn: 'fast_track_accepted',
    what: '速裁案件审结',
    law: 'CPL 225',
    period: (v) => ({ unit: 'days', amount: v.sentenceOverOneYear ? 15 : 10 }),
  },
  D11: {
    rule: 'D11',
    startsOn: 'lawyer_papers_presented',
    what: '安排律师会见',
    law: 'CPL 39',
    period: () => ({ unit: 'hours', amount: 48 }),
  },
  D12: {
    rule: 'D12',
    startsOn: 'duty_lawyer_requested',
    what: '通知值班律师',
    law: '法律援助值班律师工作办法',
    period: () => ({ unit: 'hours', amount: 24 }),
  },
  D15: {
    rule: 'D15',
    startsOn: 'summons',
    what: '传唤、拘传持续时间',
    law: 'CPL 119',
    period: (v) => ({ unit: 'hours', amount: v.summonsExtended ? 24 : 12 }),
  },
};
