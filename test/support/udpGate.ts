// A loopback UDP relay between an RTP sender and a media room's ingest, with a gate that drops
// every packet while closed: the sender keeps sending, the room hears nothing (a network loss,
// as a failing custody-room link would cause). Loopback only.
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

export type UdpGate = {
  /** Where the sender should send RTP and RTCP instead of the ingest. */
  port: number;
  rtcpPort: number;
  /** Packets dropped since the gate was made. */
  dropped(): number;
  close(open: boolean): void;
  stop(): Promise<void>;
};

export async function udpGate(target: { port: number; rtcpPort: number }): Promise<UdpGate> {
  let closed = false;
  let dropped = 0;
  const relay = async (to: number) => {
    const sock = dgram.createSocket('udp4');
    sock.on('message', (msg) => {
      if (closed) {
        dropped += 1;
        return;
      }
      sock.send(msg, to, '127.0.0.1');
    });
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    return sock;
  };
  const rtp = await relay(target.port);
  const rtcp = await relay(target.rtcpPort);
  return {
    port: (rtp.address() as AddressInfo).port,
    rtcpPort: (rtcp.address() as AddressInfo).port,
    dropped: () => dropped,
    close: (c) => {
      closed = c;
    },
    stop: async () => {
      await Promise.all([rtp, rtcp].map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
