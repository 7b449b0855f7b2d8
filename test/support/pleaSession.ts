// A 认罪认罚 plea session live over sockets: booked by a prosecutor with a duty lawyer, the suspect
// on the custody kiosk (identity attested), everyone admitted and confirmed, publishing, recorded.
import { bookSession } from '../../server/scheduling';
import { actorOf, buildCase, buildDetainee, buildRoom, buildUser } from './factories';
import { publish } from './liveSession';
import { ask, type TestServer, waitFor } from './testServer';

export async function livePlea(server: TestServer) {
  const db = server.db;
  const prosecutor = await buildUser(db, 'prosecutor');
  const lawyer = await buildUser(db, 'lawyer');
  const custody = await buildUser(db, 'custody_officer');
  const caseId = await buildCase(db, prosecutor.agencyId, { fastTrack: true });
  const person = await buildDetainee(db, prosecutor, caseId, custody.agencyId);
  const room = await buildRoom(db, custody.agencyId);
  const s = await bookSession(db, await actorOf(db, prosecutor), {
    caseId,
    type: 'plea',
    title: '认罪认罚具结',
    custodyRoomId: room.id,
    personId: person.id,
    startsAt: new Date().toISOString(),
    minutes: 60,
    participants: [
      { userId: prosecutor.id, sessionRole: 'prosecutor' },
      { userId: lawyer.id, sessionRole: 'duty_lawyer' },
      { userId: custody.id, sessionRole: 'custody_officer' },
    ],
  });
  const connect = async (u: { username: string }) => server.socket(await server.login(u.username));
  const host = await connect(prosecutor);
  await ask(host, 'session:join', { sessionId: s.id, endpoint: 'user' });
  const kiosk = await connect(custody);
  await ask(kiosk, 'session:join', { sessionId: s.id, endpoint: 'kiosk' });
  await ask(kiosk, 'session:attestIdentity', { method: 'id_card', idLast4: person.idNumber.slice(-4) });
  const counsel = await connect(lawyer);
  await ask(counsel, 'session:join', { sessionId: s.id, endpoint: 'user' });
  await ask(host, 'lobby:admitAll', {});
  await ask(host, 'session:confirmIdentity', {});
  await ask(counsel, 'session:confirmIdentity', {});
  await publish(kiosk, ['camera', 'microphone']);
  await publish(host, ['microphone']);
  await publish(counsel, ['microphone']);
  await waitFor(async () => server.recordings.recorderPids(s.id).length === 4, 15_000);
  const live = await ask(host, 'session:goLive', {});
  if (!live.ok) throw new Error(`goLive: ${JSON.stringify(live)}`);
  const lawyerName = s.participants.find((p) => p.userId === lawyer.id)?.displayName as string;
  const close = () => {
    for (const x of [host, counsel, kiosk]) x.close();
  };
  return { s, caseId, host, counsel, kiosk, prosecutor, lawyerName, close };
}
