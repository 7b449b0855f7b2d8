// A remote interrogation brought live over real sockets: the two investigators, the custody kiosk
// (attested, confirmed), producers recorded, the host takes it live.
import type { Socket } from 'socket.io-client';
import { buildSession, buildUser, type TestUser } from './factories';
import { deviceCapabilities, fakeDtls, opusProducerParameters, vp8ProducerParameters } from './rtp';
import { ask, waitFor, type TestServer } from './testServer';

let ssrc = 7000;
/** Sends producers from an admitted socket (fake DTLS: the SFU has them, no media flows). */
export async function publish(s: Socket, sources: ('microphone' | 'camera')[]): Promise<void> {
  await ask(s, 'session:capabilities', { rtpCapabilities: deviceCapabilities });
  const send = await ask(s, 'transport:create', { direction: 'send' });
  await ask(s, 'transport:connect', { transportId: send.data.id, dtlsParameters: fakeDtls });
  for (const source of sources) {
    const r = await ask(s, 'producer:create', {
      transportId: send.data.id,
      kind: source === 'camera' ? 'video' : 'audio',
      rtpParameters: source === 'camera' ? vp8ProducerParameters(ssrc++) : opusProducerParameters(ssrc++),
      source,
    });
    if (!r.ok) throw new Error(`producer:create ${source}: ${r.message}`);
  }
}

export type LiveInterrogation = {
  inv: TestUser;
  inv2: TestUser;
  custody: TestUser;
  sessionId: string;
  host: Socket;
  second: Socket;
  kiosk: Socket;
  pid(role: string, userId?: string): string;
};

/** Books an interrogation and brings it live; every socket is joined and admitted. */
export async function liveInterrogation(server: TestServer): Promise<LiveInterrogation> {
  const inv = await buildUser(server.db, 'investigator');
  const session = await buildSession(server.db, inv);
  const pid = (role: string, userId?: string) =>
    session.participants.find((p) => p.sessionRole === role && (!userId || p.userId === userId))?.id as string;
  const connect = async (u: TestUser) => server.socket(await server.login(u.username));
  const host = await connect(inv);
  await ask(host, 'session:join', { sessionId: session.id, endpoint: 'user' });
  const kiosk = await connect(session.custody);
  await ask(kiosk, 'session:join', { sessionId: session.id, endpoint: 'kiosk' });
  await ask(kiosk, 'session:attestIdentity', { method: 'id_card', idLast4: session.idNumber.slice(-4) });
  const second = await connect(session.investigator2);
  await ask(second, 'session:join', { sessionId: session.id, endpoint: 'user' });
  await ask(host, 'lobby:admitAll', {});
  await ask(host, 'session:confirmIdentity', {});
  await ask(second, 'session:confirmIdentity', {});
  await publish(kiosk, ['camera', 'microphone']);
  await publish(host, ['microphone']);
  await publish(second, ['microphone']);
  await waitFor(async () => server.recordings.recorderPids(session.id).length === 4, 15_000);
  const live = await ask(host, 'session:goLive', {});
  if (!live.ok) throw new Error(`goLive: ${JSON.stringify(live)}`);
  return { inv, inv2: session.investigator2, custody: session.custody, sessionId: session.id, host, second, kiosk, pid };
}
