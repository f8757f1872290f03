/**
 * A token bucket: `capacity` requests at once, refilled at `perSecond`. Time comes in as an
 * argument, so the rule is testable without waiting. Pure.
 */
export interface Bucket {
  tokens: number;
  at: number;
}

export interface Rate {
  capacity: number;
  perSecond: number;
}

/** Takes one token if there is one; returns the bucket after, and the ms until a token is back when refused. */
export function take(bucket: Bucket | undefined, rate: Rate, now: number): { bucket: Bucket; waitMs: number } {
  const before = bucket ?? { tokens: rate.capacity, at: now };
  const tokens = Math.min(rate.capacity, before.tokens + (Math.max(0, now - before.at) * rate.perSecond) / 1000);
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, at: now }, waitMs: 0 };
  return { bucket: { tokens, at: now }, waitMs: Math.ceil(((1 - tokens) * 1000) / rate.perSecond) };
}

/** Whether the bucket has refilled completely, so forgetting it changes nothing. */
export function isFull(bucket: Bucket, rate: Rate, now: number): boolean {
  return bucket.tokens + ((now - bucket.at) * rate.perSecond) / 1000 >= rate.capacity;
}
