// Turns a case's key dates, extensions, representations and sessions into its statutory deadlines
// (DOMAIN.md D1-D15), each open or met, with a graded warning. Pure: no I/O.
import { INTERROGATION_TYPES } from '../vocabulary';
import { computeDeadline, warningLevel, type DeadlineRule, type RuleVariant } from '../deadlines';
import {
  inCustody,
  type Case,
  type CasePerson,
  type DeadlineView,
  type Extension,
  type KeyDate,
  type KeyDateKind,
  type PersonSession,
  type Representation,
} from './cases.types';

export type CaseFacts = {
  kase: Case;
  persons: CasePerson[];
  keyDates: KeyDate[];
  extensions: Extension[];
  representations: Representation[];
  sessions: PersonSession[];
};

const INTERROGATIONS: ReadonlySet<string> = new Set(INTERROGATION_TYPES);
const RULES_BY_EVENT: Record<KeyDateKind, DeadlineRule[]> = {
  detention: ['D1', 'D2', 'D4'],
  arrest: ['D3', 'D6'],
  arrest_application_received: ['D5'],
  prosecution_review_received: ['D7'],
  fast_track_accepted: ['D9'],
  duty_lawyer_requested: ['D12'],
  summons: ['D15'],
};

function variantFor(rule: DeadlineRule, f: CaseFacts, personId: string | null): { variant: RuleVariant; count: number } {
  const exts = f.extensions.filter((e) => e.rule === rule && (e.personId === personId || e.personId === null));
  const sum = exts.reduce((a, e) => a + e.amount, 0);
  const v: RuleVariant = { fastTrack: f.kase.fastTrack, sentenceOverOneYear: f.kase.sentenceOverOneYear };
  if (rule === 'D4') {
    if (sum >= 27) v.rovingOrGang = true;
    else v.specialExtensionDays = sum;
  }
  if (rule === 'D6') v.extensionMonths = sum;
  if (rule === 'D7') v.reviewExtended = sum > 0;
  if (rule === 'D15') v.summonsExtended = sum > 0;
  return { variant: v, count: exts.length };
}

function isMet(rule: DeadlineRule, f: CaseFacts, person: CasePerson | undefined, startedAt: Date): boolean {
  const pid = person?.id ?? null;
  const has = (kind: KeyDateKind) => f.keyDates.some((d) => d.kind === kind && d.personId === pid);
  const interrogatedSince = f.sessions.some((s) => s.personId === pid && INTERROGATIONS.has(s.type) && s.liveAt && s.liveAt >= startedAt);
  switch (rule) {
    case 'D1':
      return person?.admittedAt != null;
    case 'D2':
    case 'D3':
      return interrogatedSince;
    case 'D4':
      return has('arrest_application_received');
    case 'D5':
      return has('arrest');
    case 'D6':
      return has('prosecution_review_received');
    case 'D7':
      return has('fast_track_accepted') || f.kase.stage === 'trial' || f.kase.stage === 'closed';
    case 'D9':
      return f.kase.stage === 'closed';
    case 'D12':
      return f.representations.some((r) => r.personId === pid && r.lawyerKind === 'duty_lawyer');
    case 'D11':
      return false;
    case 'D15':
      return has('detention') || f.kase.stage !== 'investigation';
  }
}

/** Every deadline of the case, soonest first. */
export function caseDeadlines(f: CaseFacts, now: Date): DeadlineView[] {
  const out: DeadlineView[] = [];
  const personById = new Map(f.persons.map((p) => [p.id, p]));
  const push = (rule: DeadlineRule, startedAt: Date, person: CasePerson | undefined, met: (dueAt: Date) => boolean) => {
    const custody = person ? inCustody(person) : false;
    const { variant, count } = variantFor(rule, f, person?.id ?? null);
    const d = computeDeadline({ rule, startedAt, inCustody: custody, variant });
    const done = met(d.dueAt);
    out.push({
      rule,
      what: d.what,
      law: d.law,
      personId: person?.id ?? null,
      personName: person?.name ?? null,
      startedAt: d.startedAt.toISOString(),
      dueAt: d.dueAt.toISOString(),
      dueDate: d.dueDate,
      ...(d.rolledFrom ? { rolledFrom: d.rolledFrom } : {}),
      ...(d.calendarMissing ? { calendarMissing: d.calendarMissing } : {}),
      inCustody: custody,
      status: done ? 'met' : 'open',
      warning: done ? 'ok' : warningLevel(d, now),
      extensions: count,
    });
  };
  for (const kd of f.keyDates) {
    const person = kd.personId ? personById.get(kd.personId) : undefined;
    for (const rule of RULES_BY_EVENT[kd.kind]) push(rule, kd.at, person, () => isMet(rule, f, person, kd.at));
  }
  for (const r of f.representations) {
    const person = personById.get(r.personId);
    push('D11', r.papersPresentedAt, person, (dueAt) =>
      f.sessions.some(
        (s) => s.personId === r.personId && s.type === 'lawyer_meeting' && s.createdBy === r.lawyerUserId && s.startsAt <= dueAt,
      ),
    );
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
