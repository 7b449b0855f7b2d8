// The SDP that tells ffmpeg what arrives on its RTP port: one stream, the consumer's codec.
export type SdpTrack = { kind: 'audio' | 'video'; port: number; payloadType: number; codec: string; clockRate: number; channels?: number };

export function recorderSdp(t: SdpTrack): string {
  const enc = t.kind === 'audio' ? `${t.codec}/${t.clockRate}/${t.channels ?? 2}` : `${t.codec}/${t.clockRate}`;
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=hearing-recorder',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${t.kind} ${t.port} RTP/AVP ${t.payloadType}`,
    `a=rtcp:${t.port + 1}`,
    `a=rtpmap:${t.payloadType} ${enc}`,
    'a=recvonly',
    '',
  ].join('\n');
}
