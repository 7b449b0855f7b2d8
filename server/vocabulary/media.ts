// What a participant can send. media/ takes these too, so the SFU and the law use one list.
import type { Label } from './label';

export const MEDIA_SOURCES = ['camera', 'microphone', 'screen', 'evidence'] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];

/**
 * Sources that send media all the time. A camera and a microphone do; a screen share and the
 * evidence display (a still picture) send frames only when the picture changes, so a pause in
 * their packets is not missing media.
 */
export const CONTINUOUS_SOURCES = ['camera', 'microphone'] as const satisfies readonly MediaSource[];
export const isContinuousSource = (s: string): boolean => (CONTINUOUS_SOURCES as readonly string[]).includes(s);

export const MEDIA_SOURCE_LABELS: Record<MediaSource, Label> = {
  camera: { 'zh-CN': '摄像头', en: 'camera' },
  microphone: { 'zh-CN': '麦克风', en: 'microphone' },
  screen: { 'zh-CN': '屏幕共享', en: 'screen share' },
  evidence: { 'zh-CN': '示证画面', en: 'evidence display' },
};
