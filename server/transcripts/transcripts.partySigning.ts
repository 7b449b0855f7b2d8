// The record of a session without a detainee (a mediation) is signed by each party who took part,
// from their own device, once, after reading every page as shown: the signature is bound to the
// digest of all page hashes. The hosts and the clerk then sign as officials.
import type { Db } from '../db/db';
import { Forbidden, InvalidState, SignatureInvalid } from '../errors';
import * as repo from './transcripts.repo';
import { changeTranscript, type TranscriptActor } from './transcripts.service';
import { marks, pagesDigest, partiesOf, requireConfirming, signedByParties, type SignatureMark } from './transcripts.signing';

export function signAsParty(db: Db, sessionId: string, actor: TranscriptActor, input: { pages: string[]; signature: SignatureMark }) {
  return changeTranscript(db, sessionId, actor, 'party_signed', async ({ trx, s, t }) => {
    if (!signedByParties(s)) throw Forbidden('the record of a session with a detainee is signed by the detainee on the kiosk');
    if (actor.endpoint !== 'user' || !partiesOf(s).some((p) => p.id === actor.participant.id))
      throw Forbidden('only a party of this session signs the record as a party');
    requireConfirming(s, t);
    const pages = await repo.listPages(trx, t.id);
    if (input.pages.length !== pages.length || pages.some((p, k) => p.sha256 !== input.pages[k]))
      throw SignatureInvalid('the record changed since it was shown; read it again and sign');
    const digest = pagesDigest(pages);
    const sigs = await repo.listSignatures(trx, t.id);
    if (sigs.some((x) => x.kind === 'party' && x.participantId === actor.participant.id && x.pageSha256 === digest))
      throw InvalidState(`the record of session ${sessionId}`, 'signed by you', 'you have signed it already');
    await repo.supersede(
      trx,
      sigs.filter((x) => x.kind === 'party' && x.participantId === actor.participant.id).map((x) => x.id),
    );
    const m = marks(input.signature);
    const sig = await repo.insertSignature(trx, t.id, {
      kind: 'party',
      pageNumber: pages.length,
      pageSha256: digest,
      correctionId: null,
      participantId: actor.participant.id,
      endpoint: actor.endpoint,
      typedText: null,
      ...m,
    });
    return {
      result: sig.id,
      detail: { pagesDigest: digest, pages: pages.length, imageSha256: m.imageSha256 },
      marker: { kind: 'transcript_party_signed', data: { pages: pages.length, pagesDigest: digest } },
    };
  });
}
