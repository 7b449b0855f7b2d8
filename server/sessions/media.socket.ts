// Media signaling routes: capabilities, transports, producers and consumers of an admitted
// participant. Rights are checked per session type and role on every request (sessions.grants.ts).
import { issueTurnCredentials } from '../turn';
import { Forbidden, MutedByHost, NotFound } from '../errors';
import { route } from '../realtime/router';
import { canPublish, canSubscribe, grantsFor } from './sessions.grants';
import { mediaCall, toWire } from './sessions.media';
import { telemetry } from './sessions.telemetry';
import { channel, type Conn, type SessionRoutes } from './signaling.conn';
import * as S from './signaling.schema';

const who = (c: Conn) => {
  const p = c.inMedia();
  return {
    p,
    room: p.room,
    peerId: p.view.peerId,
    sessionId: p.identity.session.id,
    type: p.identity.session.type,
    role: p.view.sessionRole,
  };
};

export const mediaRoutes: SessionRoutes = {
  'session:capabilities': route('session:capabilities', {
    schema: S.CapabilitiesInput,
    run: async (i, c: Conn) => {
      const w = who(c);
      await mediaCall(() => w.room.setCapabilities(w.peerId, i.rtpCapabilities));
      return {};
    },
  }),
  'transport:create': route('transport:create', {
    schema: S.TransportCreateInput,
    run: async (i, c: Conn) => {
      const w = who(c);
      if (i.direction === 'recv' && !canSubscribe(w.type, w.role)) throw Forbidden(`role ${w.role} may not receive media`);
      if (i.direction === 'send' && grantsFor(w.type, w.role).publish.length === 0) throw Forbidden(`role ${w.role} may not send media`);
      const t = await mediaCall(() => w.room.createTransport(w.peerId, i.direction));
      return {
        id: t.id,
        iceParameters: toWire(t.iceParameters),
        iceCandidates: t.iceCandidates.map(toWire),
        dtlsParameters: toWire(t.dtlsParameters),
        ...issueTurnCredentials(c.hub.turn, w.p.identity.participant.id, w.p.identity.session.endsAt),
      };
    },
  }),
  'transport:connect': route('transport:connect', {
    schema: S.TransportConnectInput,
    run: async (i, c: Conn) => {
      const w = who(c);
      await mediaCall(() => w.room.connectTransport(w.peerId, i.transportId, i.dtlsParameters));
      return {};
    },
  }),
  'transport:restartIce': route('transport:restartIce', {
    schema: S.TransportRestartIceInput,
    run: async (i, c: Conn) => {
      const w = who(c);
      const iceParameters = await mediaCall(() => w.room.restartIce(w.peerId, i.transportId));
      void telemetry(c.hub.db, w.sessionId, w.peerId, 'ice_restart', { transportId: i.transportId });
      return { iceParameters: toWire(iceParameters) };
    },
  }),
  'producer:create': route('producer:create', {
    schema: S.ProducerCreateInput,
    run: async (i, c: Conn) => {
      const w = who(c);
      if (!canPublish(w.type, w.role, i.source)) throw Forbidden(`role ${w.role} may not publish ${i.source}`);
      if ((i.source === 'microphone') !== (i.kind === 'audio')) throw Forbidden(`source ${i.source} cannot carry ${i.kind}`);
      // NOTE: a source a host muted starts paused, whatever the client asks.
      const mutedBy = c.hub.mutes.mutedBy(w.sessionId, w.peerId, i.source);
      const p = await mediaCall(() =>
        w.room.produce(w.peerId, i.transportId, i.kind, i.rtpParameters, i.source, { paused: mutedBy !== undefined }),
      );
      c.socket.to(channel.media(w.sessionId)).emit('producer:new', p);
      if (mutedBy !== undefined && (i.source === 'microphone' || i.source === 'camera'))
        c.socket.emit('host:muted', { source: i.source, by: mutedBy });
      return { producerId: p.producerId };
    },
  }),
  'producer:setPaused': route('producer:setPaused', {
    schema: S.ProducerSetPausedInput,
    run: async (i, c: Conn) => {
      const w = who(c);
      if (!i.paused) {
        const own = w.room.listProducers().find((p) => p.producerId === i.producerId && p.peerId === w.peerId);
        if (!own) throw NotFound('producer', i.producerId);
        const by = c.hub.mutes.mutedBy(w.sessionId, w.peerId, own.source);
        if (by !== undefined) throw MutedByHost(own.source, by);
      }
      await mediaCall(() => w.room.setProducerPaused(w.peerId, i.producerId, i.paused));
      c.socket.to(channel.media(w.sessionId)).emit('producer:paused', { producerId: i.producerId, peerId: w.peerId, paused: i.paused });
      return {};
    },
  }),
  'producer:close': route('producer:close', {
    schema: S.ProducerCloseInput,
    run: async (i, c: Conn) => {
      const w = who(c);
      await mediaCall(() => w.room.closeProducer(w.peerId, i.producerId));
      c.socket.to(channel.media(w.sessionId)).emit('producer:closed', { producerId: i.producerId, peerId: w.peerId });
      return {};
    },
  }),
  'consumer:create': route('consumer:create', {
    schema: S.ConsumerCreateInput,
    run: async (i, c: Conn) => {
      const w = who(c);
      if (!canSubscribe(w.type, w.role)) throw Forbidden(`role ${w.role} may not receive media`);
      const consumer = await mediaCall(() => w.room.consume(w.peerId, i.transportId, i.producerId));
      return { ...consumer, rtpParameters: toWire(consumer.rtpParameters) };
    },
  }),
  'consumer:resume': route('consumer:resume', {
    schema: S.ConsumerResumeInput,
    run: async (i, c: Conn) => {
      const w = who(c);
      await mediaCall(() => w.room.resumeConsumer(w.peerId, i.consumerId));
      return {};
    },
  }),
};
