// What every admitted participant sees of the session's instrument: its fields while drafted, the
// frozen text and its hash while signed, who signs in what order and who has, and the final PDF's hashes.
import type { InstrumentView } from '../realtime/events';
import type { Session } from '../sessions';
import { INSTRUMENT_OF_SESSION } from '../vocabulary';
import { missingOf, signedNow, signersOf } from './instruments.signers';
import type { Instrument, InstrumentSignature } from './instruments.types';

export function presentInstrument(s: Session, i: Instrument | null, sigs: InstrumentSignature[]): InstrumentView | null {
  const kind = INSTRUMENT_OF_SESSION[s.type];
  if (!kind) return null;
  const signed = i ? signedNow(i, sigs) : [];
  const at = new Map(signed.map((x) => [x.participantId, x.signedAt.toISOString()]));
  return {
    sessionId: s.id,
    kind,
    state: i?.state ?? 'draft',
    version: i?.version ?? 0,
    fields: i?.fields ?? null,
    body: i?.body ?? null,
    contentSha256: i?.contentSha256 ?? null,
    signers: (i ? signersOf(s, i) : signersOf(s, { kind })).map((x) => ({
      participantId: x.participantId,
      name: x.name,
      role: x.role,
      step: x.step,
      kiosk: x.kiosk,
      signedAt: at.get(x.participantId) ?? null,
    })),
    missing: i ? missingOf(s, i, sigs).map((m) => m.missing) : [],
    final:
      i?.state === 'final' && i.pdfSha256 && i.pdfSm3 && i.verificationCode && i.finalizedAt
        ? { pdfSha256: i.pdfSha256, pdfSm3: i.pdfSm3, verificationCode: i.verificationCode, finalizedAt: i.finalizedAt.toISOString() }
        : null,
  };
}
