/**
 * A rate limit per subject (the token's `sub`): a token bucket of `burst` requests refilled at
 * `perSecond`. In memory, per gateway process; idle buckets are forgotten.
 */
export interface Bucket {
  readonly burst: number;
  readonly perSecond: number;
}

export class SubjectRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Takes one request from the subject's bucket: true when allowed. */
  take(subject: string, bucket: Bucket): boolean {
    const t = this.now();
    this.sweep(t, bucket);
    const b = this.buckets.get(subject) ?? { tokens: bucket.burst, at: t };
    b.tokens = Math.min(bucket.burst, b.tokens + ((t - b.at) / 1000) * bucket.perSecond);
    b.at = t;
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    this.buckets.set(subject, b);
    return allowed;
  }

  /** Whether the key could take one request now, without taking it. */
  available(key: string, bucket: Bucket): boolean {
    const b = this.buckets.get(key);
    if (!b) return true;
    return Math.min(bucket.burst, b.tokens + ((this.now() - b.at) / 1000) * bucket.perSecond) >= 1;
  }

  /** Seconds until the subject may send again (a whole number, at least 1). */
  retryAfterSeconds(subject: string, bucket: Bucket): number {
    const b = this.buckets.get(subject);
    return Math.max(1, Math.ceil((1 - (b?.tokens ?? 1)) / bucket.perSecond));
  }

  private sweep(t: number, bucket: Bucket): void {
    if (t - this.lastSweep < 60_000) return;
    this.lastSweep = t;
    const full = (bucket.burst / bucket.perSecond) * 1000;
    for (const [k, b] of this.buckets) if (t - b.at > full) this.buckets.delete(k);
  }
}
