import { EventEmitter } from 'node:events';

/** A typed EventEmitter whose emit never throws into the media code (mediasoup's safeEmit). */
export class TypedEmitter<E extends Record<string, unknown[]>> {
  readonly #ee = new EventEmitter();
  readonly #onListenerError: (event: string, err: unknown) => void;

  constructor(onListenerError: (event: string, err: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  on<K extends keyof E & string>(event: K, fn: (...args: E[K]) => void): this {
    this.#ee.on(event, fn as (...a: unknown[]) => void);
    return this;
  }

  off<K extends keyof E & string>(event: K, fn: (...args: E[K]) => void): this {
    this.#ee.off(event, fn as (...a: unknown[]) => void);
    return this;
  }

  safeEmit<K extends keyof E & string>(event: K, ...args: E[K]): void {
    for (const fn of this.#ee.listeners(event)) {
      try {
        (fn as (...a: unknown[]) => void)(...args);
      } catch (err) {
        this.#onListenerError(event, err);
      }
    }
  }
}
