// Demo data drawn from the seed articles: a 呼伦贝尔 执法办案管理中心 with a 速裁法庭 linked to the
// 包头铁路运输 procuratorate and court, and the 帮助信息网络犯罪活动罪 case of 古某 (认罪认罚).
import type { AgencyKind, UserRole } from '../auth';

export const DEMO_PASSWORD = 'Demo-2026!';

export const DEMO_AGENCIES: { code: string; name: string; kind: AgencyKind }[] = [
  { code: 'HLBE-PSB', name: '呼伦贝尔市公安局', kind: 'police' },
  { code: 'BTTL-PROC', name: '包头铁路运输检察院', kind: 'procuratorate' },
  { code: 'BTTL-COURT', name: '包头铁路运输法院', kind: 'court' },
  { code: 'HLBE-KSS', name: '呼伦贝尔市看守所', kind: 'custody_center' },
  { code: 'HLBE-LAID', name: '呼伦贝尔市法律援助中心', kind: 'justice_bureau' },
];

export const DEMO_USERS: { username: string; displayName: string; role: UserRole; agency: string }[] = [
  { username: 'investigator', displayName: '王建军', role: 'investigator', agency: 'HLBE-PSB' },
  { username: 'investigator2', displayName: '李明', role: 'investigator', agency: 'HLBE-PSB' },
  { username: 'prosecutor', displayName: '刘芳', role: 'prosecutor', agency: 'BTTL-PROC' },
  { username: 'pclerk', displayName: '周婷', role: 'clerk', agency: 'BTTL-PROC' },
  { username: 'judge', displayName: '赵立新', role: 'judge', agency: 'BTTL-COURT' },
  { username: 'clerk', displayName: '孙悦', role: 'clerk', agency: 'BTTL-COURT' },
  { username: 'lawyer', displayName: '陈静', role: 'lawyer', agency: 'HLBE-LAID' },
  { username: 'mediator', displayName: '包淑华', role: 'mediator', agency: 'HLBE-LAID' },
  { username: 'custody', displayName: '马国强', role: 'custody_officer', agency: 'HLBE-KSS' },
  { username: 'admin', displayName: '系统管理员', role: 'admin', agency: 'HLBE-PSB' },
];

export const DEMO_CASE = {
  agency: 'HLBE-PSB',
  caseNumber: '呼公刑立字〔2026〕1127号',
  title: '古某等四人帮助信息网络犯罪活动案',
  charge: '帮助信息网络犯罪活动罪',
  detaineeName: '古某',
  /** 认罪认罚, expected sentence under one year: the fast-track (速裁) route. */
  fastTrack: true,
  /** Sent to the procuratorate and the court, so a 提讯 and a 速裁 trial can be booked on it in the demo. */
  sentToAgencies: ['BTTL-PROC', 'BTTL-COURT'],
};

/**
 * The 达日盖 police post's village dispute over irrigation, mediated by video with the 司法所 (seed
 * 003): a case with no detainee, for the 云端调解 demo; its parties are invited by SMS.
 */
export const DEMO_DISPUTE = {
  agency: 'HLBE-PSB',
  caseNumber: '呼公调字〔2026〕0415号',
  title: '达日盖嘎查村民浇地纠纷',
  charge: '民间纠纷（治安调解）',
  parties: [
    { name: '巴某', mobile: '13904700415' },
    { name: '乌某', mobile: '13904700416' },
  ],
};

// NOTE: fictitious ID numbers in the real format (area code of 呼伦贝尔 海拉尔区); key dates are
// relative to the moment of seeding so the deadline warnings always have something to show.
export const DEMO_PERSONS = [
  {
    name: '古某',
    idNumber: '150702199003151236',
    detainedHoursAgo: 20,
    admittedHoursAgo: 18,
    arrestedDaysAgo: null,
    lawyerPapersHoursAgo: 30,
  },
  {
    name: '张某',
    idNumber: '150702199511204417',
    detainedHoursAgo: 24 * 40,
    admittedHoursAgo: 24 * 40 - 5,
    arrestedDaysAgo: 36,
    lawyerPapersHoursAgo: null,
  },
];

export const DEMO_ROOMS = [
  { name: '远程提讯室一', equipment: ['高清摄像头', '全向麦克风', '示证显示器', '打印机', '电子签名板'], windows: null },
  { name: '远程提讯室二', equipment: ['高清摄像头', '全向麦克风', '示证显示器', '电子签名板'], windows: null },
  // NOTE: the 执法办案管理中心 runs a duty room around the clock; the demo books it so it works at any hour.
  {
    name: '值班讯问室（24小时）',
    equipment: ['高清摄像头', '全向麦克风', '示证显示器', '电子签名板', '指纹采集仪'],
    windows: [{ start: '00:00', end: '24:00' }],
  },
];
export const DEMO_DUTY_ROOM = '值班讯问室（24小时）';
