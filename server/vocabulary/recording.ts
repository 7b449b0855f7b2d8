// The state of a recording part.
import type { Label } from './label';

export const RECORDING_STATES = ['recording', 'complete', 'interrupted'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

/** A session's recorder as the room shows it: a part's state, or off before any part started. */
export const RECORDER_STATE_LABELS: Record<RecordingState | 'off', Label> = {
  off: { 'zh-CN': '尚未录制', en: 'Not recording yet' },
  recording: { 'zh-CN': '录制中', en: 'Recording' },
  complete: { 'zh-CN': '录制完成并已封存', en: 'Recorded and sealed' },
  interrupted: { 'zh-CN': '录制中断（已封存）', en: 'Recording interrupted (sealed)' },
};
