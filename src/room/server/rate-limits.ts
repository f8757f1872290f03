/**
 * Token buckets per participant and per address, so one client sending a thousand requests a
 * second gets 429s while everyone else is served. The buckets themselves are pure
 * (model/token-bucket.ts); this keeps them, and forgets the full ones when there are many.
 */
import { isFull, take, type Bucket, type Rate } from '../model/token-bucket.js';

/** The room's rates; generous for a participant's meshwalk, tight for guessing. */
export const RATES = {
  /** Events and steering polls, per participant: a client sends a few a second at most. */
  participant: { capacity: 30, perSecond: 10 },
  /** Joins per address: a whole room may join at once from behind one address. */
  join: { capacity: 300, perSecond: 20 },
  /** Wrong codes, keys or tokens per address: a few mistakes, then one try per 5 s. */
  refused: { capacity: 10, perSecond: 0.2 },
  /** The instructor's dashboard and commands. */
  instructor: { capacity: 60, perSecond: 20 },
} satisfies Record<string, Rate>;

export type RateKind = keyof typeof RATES;

/** Forget buckets beyond this many (full ones first): a bound on memory whatever clients do. */
const MAX_BUCKETS = 10_000;

export class RateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes a token; 0 when allowed, else the ms to wait (for Retry-After). */
  take(kind: RateKind, key: string): number {
    const id = `${kind}\0${key}`;
    const r = take(this.buckets.get(id), RATES[kind], this.now());
    this.buckets.set(id, r.bucket);
    if (this.buckets.size > MAX_BUCKETS) this.prune();
    return r.waitMs;
  }

  /** Whether `key` has a token of `kind` left, without taking one. */
  has(kind: RateKind, key: string): boolean {
    const b = this.buckets.get(`${kind}\0${key}`);
    return b === undefined || take(b, RATES[kind], this.now()).waitMs === 0;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, b] of this.buckets)
      if (isFull(b, RATES[id.split('\0')[0] as RateKind], now)) this.buckets.delete(id);
    // Still too many: drop the oldest (a Map iterates in insertion order).
    for (const id of this.buckets.keys()) {
      if (this.buckets.size <= MAX_BUCKETS / 2) break;
      this.buckets.delete(id);
    }
  }
}
