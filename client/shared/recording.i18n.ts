// The words of recording in the room and on the recordings page, zh-CN and English key for key
// (the compiler checks that none is missing); merged into t() by shared/i18n.ts.
export const recordingZh = {
  recordingOn: '同步录音录像中',
  recordingGaps: '录像中断记录',
  gapCause: '中断原因',
  explainGap: '说明原因',
  recordings: '同步录音录像',
  playback: '回放',
  courtView: '庭审合成画面',
  download: '下载',
  manifest: '封存清单',
  segments: '分段',
  tracks: '轨道',
  noRecordings: '暂无录像',
  verified: '校验通过',
  markers: '程序节点与中断',
  startRecording: '开始同步录音录像',
  startRecordingHint: '本类会话录像非必需；开始后持续至会话结束，全体参加人员可见录像状态',
};

export const recordingEn: Record<keyof typeof recordingZh, string> = {
  recordingOn: 'Recording',
  recordingGaps: 'Recording gaps',
  gapCause: 'Cause',
  explainGap: 'State cause',
  recordings: 'Recordings',
  playback: 'Playback',
  courtView: 'Court view',
  download: 'Download',
  manifest: 'Manifest',
  segments: 'Segments',
  tracks: 'Tracks',
  noRecordings: 'No recordings',
  verified: 'Verified',
  markers: 'Phases and gaps',
  startRecording: 'Start recording',
  startRecordingHint: 'Recording is optional for this session type; once started it runs until the end and everyone sees it',
};
