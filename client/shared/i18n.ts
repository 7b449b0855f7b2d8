// zh-CN first, English available. Legal terms use the standard Chinese wording.
import {
  AGENCY_KIND_LABELS,
  ATTEST_METHOD_LABELS,
  CASE_STAGE_LABELS,
  CONTACT_ROLE_LABELS,
  CUSTODY_MOVEMENT_LABELS,
  CUSTODY_STATUS_LABELS,
  KIOSK_DEVICE_STATE_LABELS,
  ROSTER_STATE_LABELS,
  FILE_ORIGIN_LABELS,
  INSTRUMENT_KIND_LABELS,
  INSTRUMENT_STATE_LABELS,
  ITEM_KIND_LABELS,
  KEY_DATE_KIND_LABELS,
  type Label,
  type Lang,
  MEDIA_SOURCE_LABELS,
  NOTIFICATION_STATE_LABELS,
  ONLINE_TRIAL_EXCLUSION_LABELS,
  OUTBOX_STATE_LABELS,
  PERSON_ROLE_LABELS,
  PHASE_LABELS,
  PLEA_PROCEDURE_LABELS,
  PURPOSE_LABELS,
  RECORDER_STATE_LABELS,
  RECORDING_POLICY_LABELS,
  SESSION_ROLE_LABELS,
  SESSION_STATE_LABELS,
  SESSION_TYPE_LABELS,
  TRANSCRIPT_STATE_LABELS,
  USER_ROLE_LABELS,
  WARNING_LEVEL_LABELS,
} from '../../server/vocabulary';
import { instrumentEn, instrumentZh } from '../instrument/instrument.i18n';
import { en } from './i18n.en';
import { recordingEn, recordingZh } from './recording.i18n';
import { type Key, zh } from './i18n.zh';

/** The vocabulary's labels, under the key prefixes the views use (t(`type.${session.type}`)). */
const LABEL_GROUPS: Record<string, Record<string, Label>> = {
  type: SESSION_TYPE_LABELS,
  sstate: SESSION_STATE_LABELS,
  role: { ...USER_ROLE_LABELS, ...SESSION_ROLE_LABELS },
  rec: RECORDING_POLICY_LABELS,
  attest: ATTEST_METHOD_LABELS,
  phase: PHASE_LABELS,
  src: MEDIA_SOURCE_LABELS,
  recstate: RECORDER_STATE_LABELS,
  warn: WARNING_LEVEL_LABELS,
  stage: CASE_STAGE_LABELS,
  pr: PERSON_ROLE_LABELS,
  cs: CUSTODY_STATUS_LABELS,
  kd: KEY_DATE_KIND_LABELS,
  ts: { ...TRANSCRIPT_STATE_LABELS, ...OUTBOX_STATE_LABELS },
  ik: ITEM_KIND_LABELS,
  og: FILE_ORIGIN_LABELS,
  pp: PURPOSE_LABELS,
  ak: AGENCY_KIND_LABELS,
  mv: CUSTODY_MOVEMENT_LABELS,
  ns: NOTIFICATION_STATE_LABELS,
  cr: CONTACT_ROLE_LABELS,
  ox: ONLINE_TRIAL_EXCLUSION_LABELS,
  rs: ROSTER_STATE_LABELS,
  kdev: KIOSK_DEVICE_STATE_LABELS,
  inskind: INSTRUMENT_KIND_LABELS,
  insstate: INSTRUMENT_STATE_LABELS,
  plea: PLEA_PROCEDURE_LABELS,
};

function labelEntries(lang: Lang): Record<string, string> {
  return Object.fromEntries(
    Object.entries(LABEL_GROUPS).flatMap(([prefix, labels]) => Object.entries(labels).map(([k, l]) => [`${prefix}.${k}`, l[lang]])),
  );
}

let lang: 'zh-CN' | 'en' = localStorage.getItem('lang') === 'en' ? 'en' : 'zh-CN';
document.documentElement.lang = lang;

// NOTE: the views' own words are checked key by key (en must have every zh key); the vocabulary's labels come whole.
const dictionaries: Record<Lang, Record<string, string>> = {
  'zh-CN': { ...labelEntries('zh-CN'), ...zh, ...instrumentZh, ...recordingZh },
  en: { ...labelEntries('en'), ...en, ...instrumentEn, ...recordingEn },
};

export const t = (k: Key | keyof typeof instrumentZh | keyof typeof recordingZh | string): string => dictionaries[lang][k] ?? k;
export function toggleLang(): void {
  lang = lang === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('lang', lang);
  location.reload();
}
