// One vocabulary: every label map covers exactly its list (a label for a value that does not
// exist, like the `plea_hearing` that once titled plea records, or a value without a label, fails
// here), the client's dictionary has a label for every value, and the places that print a value's
// name take it from the vocabulary.
import { itemLabel } from '../../server/dossiers/dossiers.items';
import * as V from '../../server/vocabulary';

const PAIRS: [string, readonly string[], Record<string, V.Label>][] = [
  ['session types', V.SESSION_TYPES, V.SESSION_TYPE_LABELS],
  ['session states', V.SESSION_STATES, V.SESSION_STATE_LABELS],
  ['session roles', V.SESSION_ROLES, V.SESSION_ROLE_LABELS],
  ['account roles', V.USER_ROLES, V.USER_ROLE_LABELS],
  ['agency kinds', V.AGENCY_KINDS, V.AGENCY_KIND_LABELS],
  ['phases', V.PHASES, V.PHASE_LABELS],
  ['recording policies', V.RECORDING_POLICIES, V.RECORDING_POLICY_LABELS],
  ['attestation methods', V.ATTEST_METHODS, V.ATTEST_METHOD_LABELS],
  ['media sources', V.MEDIA_SOURCES, V.MEDIA_SOURCE_LABELS],
  ['case stages', V.CASE_STAGES, V.CASE_STAGE_LABELS],
  ['online trial exclusions', V.ONLINE_TRIAL_EXCLUSIONS, V.ONLINE_TRIAL_EXCLUSION_LABELS],
  ['person roles', V.PERSON_ROLES, V.PERSON_ROLE_LABELS],
  ['contact roles', V.CONTACT_ROLES, V.CONTACT_ROLE_LABELS],
  ['custody statuses', V.CUSTODY_STATUSES, V.CUSTODY_STATUS_LABELS],
  ['custody movements', V.CUSTODY_MOVEMENTS, V.CUSTODY_MOVEMENT_LABELS],
  ['notification kinds', V.NOTIFICATION_KINDS, V.NOTIFICATION_KIND_LABELS],
  ['notification states', V.NOTIFICATION_STATES, V.NOTIFICATION_STATE_LABELS],
  ['roster states', V.ROSTER_STATES, V.ROSTER_STATE_LABELS],
  ['kiosk device states', V.KIOSK_DEVICE_STATES, V.KIOSK_DEVICE_STATE_LABELS],
  ['key date kinds', V.KEY_DATE_KINDS, V.KEY_DATE_KIND_LABELS],
  ['warning levels', V.WARNING_LEVELS, V.WARNING_LEVEL_LABELS],
  ['purposes', V.PURPOSES, V.PURPOSE_LABELS],
  ['file origins', V.FILE_ORIGINS, V.FILE_ORIGIN_LABELS],
  ['item kinds', V.ITEM_KINDS, V.ITEM_KIND_LABELS],
  ['outbox states', V.OUTBOX_STATES, V.OUTBOX_STATE_LABELS],
  ['transcript states', V.TRANSCRIPT_STATES, V.TRANSCRIPT_STATE_LABELS],
  ['recorder states', [...V.RECORDING_STATES, 'off'], V.RECORDER_STATE_LABELS],
];

it.each(PAIRS)('labels every one of the %s, in both languages, and nothing else', (_name, list, labels) => {
  expect(Object.keys(labels).sort()).toEqual([...list].sort());
  for (const l of Object.values(labels)) {
    expect(l['zh-CN'].trim()).not.toBe('');
    expect(l.en.trim()).not.toBe('');
  }
});

it('titles the case-file items of every session type with its standard name (plea: 认罪认罚具结)', () => {
  for (const type of V.SESSION_TYPES) expect(itemLabel(type, '张三')).toBe(`${V.SESSION_TYPE_LABELS[type]['zh-CN']} 张三`);
  expect(itemLabel('plea', '具结')).toBe('认罪认罚具结 具结');
});

it('calls the detainee a suspect before trial and a defendant at trial', () => {
  expect(V.sessionRoleLabel('detainee', 'interrogation')['zh-CN']).toBe('犯罪嫌疑人');
  expect(V.sessionRoleLabel('detainee', 'fast_track_trial')['zh-CN']).toBe('被告人');
  expect(V.sessionRoleLabel('judge', 'fast_track_trial')['zh-CN']).toBe('法官');
});

it('books each type only by the account roles the law lets organise it', () => {
  expect(V.bookableTypes('investigator')).toEqual(['interrogation', 'mediation']);
  expect(V.bookableTypes('lawyer')).toEqual(['lawyer_meeting']);
  expect(V.bookableTypes('custody_officer')).toEqual([]);
});

describe('China time', () => {
  it('takes civil dates, midnights and 24:00 in UTC+8 whatever the process zone', () => {
    expect(V.chinaDate(new Date('2024-05-01T16:30:00Z'))).toBe('2024-05-02');
    expect(V.chinaMidnight('2024-05-02').toISOString()).toBe('2024-05-01T16:00:00.000Z');
    expect(V.endOfChinaDay('2024-05-02').toISOString()).toBe('2024-05-02T16:00:00.000Z');
    expect(V.chinaClock(new Date('2024-05-01T01:30:00Z'))).toEqual({ date: '2024-05-01', minute: 9 * 60 + 30 });
    expect(V.chinaWritten(new Date('2026-11-21T01:30:00Z'))).toBe('2026年11月21日 09时30分');
    expect(V.chinaLocalInput(new Date('2026-11-21T01:30:00Z'))).toBe('2026-11-21T09:30');
    expect(V.fromChinaLocalInput('2026-11-21T09:30').toISOString()).toBe('2026-11-21T01:30:00.000Z');
    expect(V.addChinaDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(V.chinaDisplay('2026-11-21T01:30:05Z')).toBe('2026/11/21 09:30:05');
  });
});
