// The record's header, filled from the case and the session: both places, the start time, the
// officials, the clerk, the person questioned, and the notice of rights and of the recording.
import { chinaWritten } from '../vocabulary';
import { findDirectoryEntries } from '../auth';
import { agencyName } from '../cases';
import type { Db, Trx } from '../db/db';
import { isHostRole, type Session } from '../sessions';
import type { Header, Transcript } from './transcripts.types';

const TITLE: Record<Session['type'], string> = {
  interrogation: '讯问笔录',
  procuratorate_interrogation: '讯问笔录',
  plea: '认罪认罚笔录',
  lawyer_meeting: '会见记录',
  fast_track_trial: '庭审笔录',
  mediation: '调解笔录',
};

const RECORDING_NOTICE = '本次通过远程视频进行，全程同步录音录像，任何人不得私自录音录像。';
const NOTICE: Record<Session['type'], string> = {
  interrogation:
    '告知：你享有《中华人民共和国刑事诉讼法》规定的诉讼权利，有权委托辩护人，对与本案无关的问题有拒绝回答的权利；如实供述自己罪行可以依法从宽处理，并已告知认罪认罚的法律规定。' +
    RECORDING_NOTICE,
  procuratorate_interrogation:
    '告知：你享有《中华人民共和国刑事诉讼法》规定的诉讼权利，有权委托辩护人，对与本案无关的问题有拒绝回答的权利；如实供述自己罪行可以依法从宽处理，并已告知认罪认罚的法律规定。' +
    RECORDING_NOTICE,
  plea: `告知：你享有的诉讼权利和认罪认罚的法律规定，值班律师或辩护人在场提供法律帮助。${RECORDING_NOTICE}`,
  lawyer_meeting: '',
  fast_track_trial: `告知：被告人依法享有申请回避、辩护、最后陈述等诉讼权利；本案适用速裁程序。${RECORDING_NOTICE}`,
  mediation: `告知：当事人依法享有的权利和义务。${RECORDING_NOTICE}`,
};

/** A China-time timestamp as written in records: 2026年11月21日 09时30分. */
export const chinaTime = chinaWritten;

export async function buildHeader(q: Db | Trx, s: Session, t: Transcript | null): Promise<Header> {
  const [organiser] = await findDirectoryEntries(q, [s.createdBy]);
  const center = s.custodyCenterId ? await agencyName(q, s.custodyCenterId) : null;
  const hosts = s.participants.filter((p) => isHostRole(s.type, p.sessionRole));
  const clerk =
    s.participants.find((p) => p.id === t?.editorParticipantId) ?? s.participants.find((p) => p.sessionRole === 'clerk') ?? null;
  const subject = s.participants.find((p) => p.sessionRole === 'detainee') ?? null;
  return {
    title: TITLE[s.type],
    caseNumber: s.caseNumber,
    caseTitle: s.caseTitle,
    sessionType: s.type,
    startedAt: s.liveAt ? chinaTime(s.liveAt) : null,
    // NOTE: the questioning ends when the clerk hands the record over for reading and signing.
    endedAt: t?.submittedAt ? chinaTime(t.submittedAt) : null,
    officePlace: organiser?.agencyName ?? '—',
    custodyPlace: [center, s.roomName].filter(Boolean).join(' ') || '—',
    // NOTE: a clerk (书记员) hosts a trial's procedure but is named as 记录人, never among the 审判员.
    officials: hosts
      .filter((p) => p.sessionRole !== 'clerk')
      .map((p) => ({ participantId: p.id, name: p.displayName, role: p.sessionRole })),
    clerk: clerk ? { participantId: clerk.id, name: clerk.displayName } : null,
    subject: subject ? { participantId: subject.id, name: subject.displayName, role: subject.sessionRole } : null,
    notice: NOTICE[s.type],
  };
}
