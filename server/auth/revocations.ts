// Logins that end before their time (logout, a disabled account, a password reset). Whoever ends
// one announces it here after the transaction commits; the socket layer cuts that login's
// connections at once (realtime/revocation.ts).
import type { RevocationReason } from '../vocabulary';

/** Either one login (logout) or every login of the user. */
export type Revocation = { userId: string; authSessionId?: string; reason: RevocationReason };

export class Revocations {
  readonly #listeners: ((r: Revocation) => void)[] = [];

  on(listener: (r: Revocation) => void): void {
    this.#listeners.push(listener);
  }

  announce(r: Revocation): void {
    for (const l of this.#listeners) l(r);
  }
}
