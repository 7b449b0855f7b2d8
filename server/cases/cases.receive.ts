// A case file received from another agency: the receiving agency finds or makes its local case.
import * as audit from '../audit';
import type { Trx } from '../db/db';
import { seal } from '../security/sensitive';
import * as repo from './cases.repo';
import type { KeyDateInput } from './cases.schema';
import type { Case, CasePerson } from './cases.types';
import { createCase } from './cases.service';

/** A case file received from another agency, as the receiving agency files it. */
export type ReceivedCaseInput = {
  agencyId: string;
  originAgencyCode: string;
  at: Date;
  origin: {
    id: string;
    caseNumber: string;
    title: string;
    charge: string;
    fastTrack: boolean;
    sentenceOverOneYear: boolean;
    persons: {
      name: string;
      personRole: CasePerson['personRole'];
      custodyStatus: CasePerson['custodyStatus'];
      idNumberLast4: string;
      custodyCenterId: string | null;
    }[];
  };
  stage: Case['stage'];
  /** The key date the receipt sets (its time starts the receiving agency's deadline), per person. */
  keyDate: KeyDateInput['kind'] | null;
};

/**
 * Finds or makes the local case for a received dossier (same origin = same case, a later package
 * is a new version of it), adds persons it did not know, moves its stage and sets the key date at
 * the receipt time. Runs in the receiver's transaction; audited.
 */
export async function receiveCase(trx: Trx, input: ReceivedCaseInput): Promise<{ kase: Case; persons: CasePerson[]; created: boolean }> {
  const o = input.origin;
  let kase = await repo.findByOrigin(trx, input.agencyId, input.originAgencyCode, o.id);
  const created = kase === null;
  if (!kase) {
    kase = await createCase(
      trx,
      { userId: null, agencyId: input.agencyId },
      {
        caseNumber: o.caseNumber,
        title: o.title,
        charge: o.charge,
        stage: input.stage,
        fastTrack: o.fastTrack,
        sentenceOverOneYear: o.sentenceOverOneYear,
      },
    );
    await repo.setOrigin(trx, kase.id, input.originAgencyCode, o.id);
  } else {
    await repo.update(trx, kase.id, { stage: input.stage, fastTrack: o.fastTrack, sentenceOverOneYear: o.sentenceOverOneYear });
    kase = { ...kase, stage: input.stage, fastTrack: o.fastTrack, sentenceOverOneYear: o.sentenceOverOneYear };
  }
  const persons = await repo.listPersons(trx, kase.id);
  for (const p of o.persons) {
    const known = persons.find((x) => x.name === p.name && x.idNumberLast4 === p.idNumberLast4);
    if (known) {
      await repo.updatePersonCustody(trx, known.id, p.custodyStatus, p.custodyCenterId);
      Object.assign(known, { custodyStatus: p.custodyStatus, custodyCenterId: p.custodyCenterId });
      continue;
    }
    // NOTE: a package carries only the last four characters of an ID number; the full number is not sent.
    persons.push(
      await repo.insertPerson(trx, {
        caseId: kase.id,
        name: p.name,
        personRole: p.personRole,
        idNumberEnc: seal(''),
        idNumberLast4: p.idNumberLast4,
        custodyStatus: p.custodyStatus,
        custodyCenterId: p.custodyCenterId,
      }),
    );
  }
  if (input.keyDate) {
    for (const p of persons.length ? persons : [null]) {
      await repo.upsertKeyDate(trx, { caseId: kase.id, personId: p?.id ?? null, kind: input.keyDate, at: input.at, recordedBy: null });
    }
  }
  await audit.record(trx, {
    actorUserId: null,
    agencyId: input.agencyId,
    action: 'case.received',
    objectType: 'case',
    objectId: kase.id,
    outcome: 'success',
    detail: {
      from: input.originAgencyCode,
      originCaseId: o.id,
      created,
      stage: input.stage,
      keyDate: input.keyDate,
      at: input.at.toISOString(),
    },
  });
  return { kase, persons, created };
}
