// Deduplication for the router: "a receiver never processes an event twice".
// CallingBox sends an event again after a failed attempt and on manual
// redelivery, always with the same signed `id`; the router claims that id
// in a store before running the handlers, records it once they succeeded,
// and releases it when they failed (so that the retry runs them again).

/**
 * What a store answers when the router claims an event id.
 *
 * - `claimed`: nobody processed it yet; this receiver runs the handlers now.
 * - `processed`: it was processed before; the handlers do not run again.
 * - `in_progress`: another delivery of it is being processed right now.
 * @typedef {'claimed' | 'processed' | 'in_progress'} IdempotencyClaim
 */

/**
 * Where the router records the event ids it processed. Pass your own to
 * share them between processes or machines (a database table with a unique
 * key, Redis `SET id processing NX EX 600`, a Durable Object...). Each
 * method may return a promise.
 * @typedef {object} IdempotencyStore
 * @property {(id: string) => IdempotencyClaim | Promise<IdempotencyClaim>} claim
 *   Called with the verified event id before any handler runs. Must be
 *   atomic: of two concurrent claims of one id, only one gets `claimed`.
 * @property {(id: string) => void | Promise<void>} complete
 *   Called after every handler succeeded: remember `id` as processed.
 * @property {(id: string) => void | Promise<void>} release
 *   Called after a handler failed: forget the claim, so that CallingBox's
 *   next attempt processes the event.
 */

/**
 * Options of {@link MemoryIdempotencyStore}.
 * @typedef {object} MemoryIdempotencyStoreOptions
 * @property {number} [maxEntries] How many processed ids to remember (default
 *   10,000); the least recently seen are forgotten first.
 */

/**
 * The router's default store: the ids of the last `maxEntries` processed
 * events, in this process's memory.
 *
 * Its limits: every process (each cluster worker, serverless instance or
 * Worker isolate) has its own, a restart forgets everything, and an id
 * pushed out by `maxEntries` newer ones is processed again if it comes back
 * (CallingBox's automatic retries end within about two days; a manual
 * redelivery can come any time). Where that matters, give the router a
 * shared store.
 * @implements {IdempotencyStore}
 */
export class MemoryIdempotencyStore {
  /** @type {Map<string, 'processing' | 'processed'>} in least recently seen order */
  #states = new Map();
  #maxEntries;
  #processed = 0;

  /** @param {MemoryIdempotencyStoreOptions} [options] */
  constructor(options = {}) {
    const { maxEntries = 10_000 } = options ?? {};
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError('MemoryIdempotencyStore: `maxEntries` must be a positive integer');
    }
    this.#maxEntries = maxEntries;
  }

  /**
   * @param {string} id
   * @returns {IdempotencyClaim}
   */
  claim(id) {
    const state = this.#states.get(id);
    if (state === 'processing') return 'in_progress';
    if (state === 'processed') {
      // Seen again: it becomes the most recently seen.
      this.#states.delete(id);
      this.#states.set(id, 'processed');
      return 'processed';
    }
    this.#states.set(id, 'processing');
    return 'claimed';
  }

  /** @param {string} id */
  complete(id) {
    if (this.#states.get(id) !== 'processed') this.#processed += 1;
    this.#states.delete(id);
    this.#states.set(id, 'processed');
    // Ids being processed are never dropped: their number is bounded by the
    // requests in flight, and dropping one would let a retry run alongside.
    for (const [oldest, state] of this.#states) {
      if (this.#processed <= this.#maxEntries) break;
      if (state === 'processed') {
        this.#states.delete(oldest);
        this.#processed -= 1;
      }
    }
  }

  /** @param {string} id */
  release(id) {
    if (this.#states.get(id) === 'processing') this.#states.delete(id);
  }

  /** How many processed ids it remembers now. */
  get size() {
    return this.#processed;
  }
}
