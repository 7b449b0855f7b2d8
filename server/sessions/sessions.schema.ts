import { z } from 'zod';

export const SessionIdParam = z.object({ id: z.string().uuid() }).strict();
