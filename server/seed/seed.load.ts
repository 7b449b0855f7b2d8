// Hearings for the load benchmark (`npm run bench:load`): each one a remote interrogation of the
// demo case with its own detainee, custody room (open around the clock), two investigators, a
// prosecutor and a custody officer, booked from now, so any number can run at once.
import { hashPassword } from '../auth';
import { addPerson } from '../cases';
import type { Db } from '../db/db';
import { createRoom } from '../rooms';
import { bookSession } from '../scheduling';
import { DEMO_CASE } from './demo.data';
import { type DemoIds, seedUser, slotFromNow, systemActor } from './seed.service';

/** One booked hearing: its session and the participant ids of the detainee and the three officials. */
export type LoadHearing = { sessionId: string; detainee: string; officials: string[] };

export async function seedLoadHearings(db: Db, ids: DemoIds, n: number, tag: string): Promise<LoadHearing[]> {
  const passwordHash = await hashPassword(`load-${tag}-${Date.now()}`);
  const police = ids.agencies[DEMO_CASE.agency] as string;
  const center = ids.agencies['HLBE-KSS'] as string;
  const proc = ids.agencies['BTTL-PROC'] as string;
  const { start, minutes } = slotFromNow();
  const out: LoadHearing[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${tag}-${i}`;
    const made = await db.transaction(async (trx) => {
      const user = (role: string, agencyId: string, who: string) =>
        seedUser(trx, { agencyId, username: `${name}-${who}`, displayName: `压测${who}${i}`, role, passwordHash }, 'load');
      const room = await createRoom(trx, { userId: null, agencyId: center }, center, {
        name: `压测提讯室 ${name}`,
        equipment: ['高清摄像头', '全向麦克风'],
        windows: [{ start: '00:00', end: '24:00' }],
      });
      return {
        room: room.id,
        inv: await user('investigator', police, 'inv'),
        inv2: await user('investigator', police, 'inv2'),
        pros: await user('prosecutor', proc, 'pros'),
        custody: await user('custody_officer', center, 'custody'),
      };
    });
    const organiser = await systemActor(db, made.inv);
    const person = await addPerson(db, await systemActor(db, ids.users.investigator as string), ids.caseId, {
      name: `压测对象${name}`,
      personRole: 'suspect',
      idNumber: `15070219900101${String(1000 + (i % 9000)).padStart(4, '0')}`,
      custodyStatus: 'detained',
      custodyCenterId: center,
    });
    const s = await bookSession(db, organiser, {
      caseId: ids.caseId,
      type: 'interrogation',
      title: `压测讯问 ${name}`,
      custodyRoomId: made.room,
      personId: person.id,
      startsAt: start.toISOString(),
      minutes,
      participants: [
        { userId: made.inv, sessionRole: 'investigator' },
        { userId: made.inv2, sessionRole: 'investigator' },
        { userId: made.pros, sessionRole: 'prosecutor' },
        { userId: made.custody, sessionRole: 'custody_officer' },
      ],
    });
    const detainee = s.participants.find((p) => p.sessionRole === 'detainee');
    if (!detainee) throw new Error(`hearing ${name} has no detainee`);
    out.push({
      sessionId: s.id,
      detainee: detainee.id,
      officials: s.participants.filter((p) => ['investigator', 'prosecutor'].includes(p.sessionRole)).map((p) => p.id),
    });
  }
  return out;
}
