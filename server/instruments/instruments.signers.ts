// Who signs an instrument, and in what order. 认罪认罚具结书: the suspect (on the custody kiosk,
// with a fingerprint), then every listed lawyer (the law requires the lawyer's presence, CPL 174),
// then the prosecutor. Judgment: the judge. 调解协议书: every party (each on their own device;
// a detained party on the kiosk), then the mediator.
import type { InstrumentMissing } from '../errors';
import { isHostRole, type Session } from '../sessions';
import { isLawyerRole } from '../vocabulary';
import type { Instrument, InstrumentSignature, Signer } from './instruments.types';

/** Who mediates: the listed mediators (调解员), or, where none is listed, the hosts other than the clerk. */
export function mediatorsOf(s: Session): Session['participants'] {
  const listed = s.participants.filter((p) => p.sessionRole === 'mediator');
  return listed.length ? listed : s.participants.filter((p) => isHostRole(s.type, p.sessionRole) && p.sessionRole !== 'clerk');
}

export function signersOf(s: Session, i: Pick<Instrument, 'kind'>): Signer[] {
  const step = (n: number, pred: (role: string) => boolean) =>
    s.participants
      .filter((p) => pred(p.sessionRole))
      .map((p) => ({ participantId: p.id, name: p.displayName, role: p.sessionRole, step: n, kiosk: p.sessionRole === 'detainee' }));
  switch (i.kind) {
    case 'plea_statement':
      return [...step(1, (r) => r === 'detainee'), ...step(2, isLawyerRole), ...step(3, (r) => r === 'prosecutor')];
    case 'judgment':
      return step(1, (r) => r === 'judge');
    case 'mediation_agreement':
      return [
        ...step(1, (r) => r === 'party' || r === 'detainee'),
        ...mediatorsOf(s).map((p) => ({ participantId: p.id, name: p.displayName, role: p.sessionRole, step: 2, kiosk: false })),
      ];
  }
}

/** Signatures in force on the current text. */
export const signedNow = (i: Instrument, sigs: InstrumentSignature[]) => sigs.filter((x) => x.contentSha256 === i.contentSha256);

/** Who has still to sign before the instrument can be final (empty when it can). */
export function missingOf(s: Session, i: Instrument, sigs: InstrumentSignature[]): InstrumentMissing[] {
  if (i.state === 'draft') return [{ missing: 'not yet shown for signature' }];
  const done = new Set(signedNow(i, sigs).map((x) => x.participantId));
  return signersOf(s, i)
    .filter((x) => !done.has(x.participantId))
    .map((x) => ({ participantId: x.participantId, missing: x.name }));
}
