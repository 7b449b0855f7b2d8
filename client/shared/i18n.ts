// zh-CN first, English available. Legal terms use the standard Chinese wording.
const zh = {
  appTitle: '远程提讯 / 远程庭审 协同平台',
  login: '登录', logout: '退出登录', username: '用户名', password: '密码', loginFailed: '登录失败',
  mySessions: '我的会话', noSessions: '暂无会话', join: '进入会话', openKiosk: '打开羁押室终端',
  case: '案件', type: '类型', time: '时间', state: '状态', participants: '参加人员',
  leave: '离开', mute: '静音', unmute: '取消静音', cameraOff: '关闭摄像头', cameraOn: '开启摄像头',
  you: '本人', waitingOthers: '等待其他参加人员进入…', connection: '连接状态', language: 'English',
  'state.connecting': '正在连接', 'state.connected': '已连接', 'state.reconnecting': '正在重新连接',
  'state.failed': '连接失败', 'state.replaced': '已在其他设备进入本会话', 'state.left': '已离开',
  kioskTitle: '远程提讯室', kioskWaiting: '请等待办案人员接入', kioskNotice: '请正对摄像头，听清问题后回答',
  muted: '已静音', cameraIsOff: '摄像头已关闭', back: '返回',
  'type.interrogation': '远程讯问', 'type.procuratorate_interrogation': '提讯', 'type.plea': '认罪认罚具结',
  'type.lawyer_meeting': '律师会见', 'type.fast_track_trial': '速裁庭审', 'type.mediation': '调解',
  'sstate.scheduled': '已排期', 'sstate.lobby': '候场', 'sstate.live': '进行中', 'sstate.ended': '已结束',
  'sstate.cancelled': '已取消', 'sstate.interrupted': '已中断',
  'role.investigator': '侦查员', 'role.prosecutor': '检察官', 'role.judge': '法官', 'role.clerk': '书记员',
  'role.defence_lawyer': '辩护律师', 'role.duty_lawyer': '值班律师', 'role.custody_officer': '管教民警',
  'role.detainee': '犯罪嫌疑人', 'role.interpreter': '翻译', 'role.observer': '旁听', 'role.lawyer': '律师', 'role.admin': '管理员',
};
type Key = keyof typeof zh;
const en: Record<Key, string> = {
  appTitle: 'Remote Interrogation & Hearing Platform',
  login: 'Log in', logout: 'Log out', username: 'Username', password: 'Password', loginFailed: 'Login failed',
  mySessions: 'My sessions', noSessions: 'No sessions', join: 'Join', openKiosk: 'Open custody kiosk',
  case: 'Case', type: 'Type', time: 'Time', state: 'State', participants: 'Participants',
  leave: 'Leave', mute: 'Mute', unmute: 'Unmute', cameraOff: 'Camera off', cameraOn: 'Camera on',
  you: 'You', waitingOthers: 'Waiting for other participants…', connection: 'Connection', language: '中文',
  'state.connecting': 'Connecting', 'state.connected': 'Connected', 'state.reconnecting': 'Reconnecting',
  'state.failed': 'Connection failed', 'state.replaced': 'Joined from another device', 'state.left': 'Left',
  kioskTitle: 'Remote interrogation room', kioskWaiting: 'Please wait for the officials to connect',
  kioskNotice: 'Please face the camera and answer once you have heard the question',
  muted: 'Muted', cameraIsOff: 'Camera off', back: 'Back',
  'type.interrogation': 'Police interrogation', 'type.procuratorate_interrogation': 'Procuratorate interrogation',
  'type.plea': 'Plea agreement', 'type.lawyer_meeting': 'Lawyer meeting', 'type.fast_track_trial': 'Fast-track trial',
  'type.mediation': 'Mediation',
  'sstate.scheduled': 'Scheduled', 'sstate.lobby': 'Lobby', 'sstate.live': 'Live', 'sstate.ended': 'Ended',
  'sstate.cancelled': 'Cancelled', 'sstate.interrupted': 'Interrupted',
  'role.investigator': 'Investigator', 'role.prosecutor': 'Prosecutor', 'role.judge': 'Judge', 'role.clerk': 'Clerk',
  'role.defence_lawyer': 'Defence lawyer', 'role.duty_lawyer': 'Duty lawyer', 'role.custody_officer': 'Custody officer',
  'role.detainee': 'Suspect', 'role.interpreter': 'Interpreter', 'role.observer': 'Observer', 'role.lawyer': 'Lawyer', 'role.admin': 'Administrator',
};

let lang: 'zh-CN' | 'en' = localStorage.getItem('lang') === 'en' ? 'en' : 'zh-CN';
document.documentElement.lang = lang;

export const t = (k: Key | string): string => (lang === 'en' ? en : zh)[k as Key] ?? k;
export const currentLang = () => lang;
export function toggleLang(): void {
  lang = lang === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('lang', lang);
  location.reload();
}
