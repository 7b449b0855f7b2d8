import { z } from 'zod';
import { RELEASE_STATUSES } from '../vocabulary';

export const PersonIdParam = z.object({ id: z.string().uuid() }).strict();

const at = z.string().datetime({ offset: true });
/** The warrant, notice or decision the movement is done under (e.g. 拘留证 / 逮捕证 / 释放证明书 number). */
const documentRef = z.string().trim().min(1).max(200);
const note = z.string().trim().max(500).default('');

export const AdmitInput = z.object({ at, documentRef, note }).strict();
export type AdmitInput = z.infer<typeof AdmitInput>;

export const TransferInput = z.object({ toCenterId: z.string().uuid(), at, documentRef, note }).strict();
export type TransferInput = z.infer<typeof TransferInput>;

export const ReleaseInput = z.object({ newStatus: z.enum(RELEASE_STATUSES), at, documentRef, note }).strict();
export type ReleaseInput = z.infer<typeof ReleaseInput>;
