// Rate limits whose counters live in PostgreSQL, so that every API replica on one database
// enforces one limit: requests per API key (counted in the same statement that looks the key up),
// and failed authentications per client address, checked before a key is looked up.
import type { RequestHandler } from 'express';
import type { ClientRateLimitInfo } from 'express-rate-limit';
import type { Database } from '../common/database';
import { Prisma } from '../generated/prisma/client';
import { HttpError, isDatabaseUnavailable } from './errors';

/** The database's clock, in the UTC the counters' timestamps are kept in. */
const DATABASE_NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

/**
 * One hit on a counter row being inserted (`INSERT INTO "RateLimitCounter" ("key", "hits",
 * "resetAt") VALUES/SELECT (key, 1, the window's end) …`): a new window when the row's is over,
 * else one hit more; returns the row's hits and its window's end (ms since the epoch).
 */
const COUNT_THE_HIT = Prisma.sql`
  ON CONFLICT ("key") DO UPDATE SET
    "hits" = CASE WHEN "RateLimitCounter"."resetAt" <= ${DATABASE_NOW} THEN 1 ELSE "RateLimitCounter"."hits" + 1 END,
    "resetAt" = CASE WHEN "RateLimitCounter"."resetAt" <= ${DATABASE_NOW} THEN EXCLUDED."resetAt" ELSE "RateLimitCounter"."resetAt" END
  RETURNING "hits", (extract(epoch FROM "resetAt") * 1000)::float8 AS "resetMs"`;

const windowEndSql = (windowMs: number) => Prisma.sql`${DATABASE_NOW} + ${windowMs}::int * interval '1 millisecond'`;

/**
 * Counters in the RateLimitCounter table: a fixed window per key, counted by one atomic upsert on
 * the database's clock (replicas' clocks never disagree about a window).
 */
export class PostgresRateLimitStore {
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    readonly prefix: string,
    readonly windowMs = 60_000,
  ) {
    // Windows long over are deleted now and then (a row per key otherwise stays until its key is seen again).
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), 5 * 60_000).unref();
  }

  /**
   * The database unreachable: the request is counted nowhere and goes on (what it needs of the
   * database answers 503 by itself); any other error is thrown.
   */
  async increment(key: string): Promise<ClientRateLimitInfo> {
    try {
      return await this.count(key);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      return { totalHits: 0, resetTime: new Date(Date.now() + this.windowMs) };
    }
  }

  private async count(key: string): Promise<ClientRateLimitInfo> {
    const rows = await this.db.$queryRaw<{ hits: number; resetMs: number }[]>`
      INSERT INTO "RateLimitCounter" ("key", "hits", "resetAt") VALUES (${this.prefix + key}, 1, ${windowEndSql(this.windowMs)}) ${COUNT_THE_HIT}`;
    return { totalHits: rows[0].hits, resetTime: new Date(rows[0].resetMs) };
  }

  async sweep(): Promise<number> {
    return this.db.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "resetAt" < (now() AT TIME ZONE 'UTC') - interval '1 minute'`;
  }

  shutdown(): void {
    clearInterval(this.sweeper);
  }
}

export const tooManyRequests = (message: string, retryAfterSeconds: number) => new HttpError(429, 'rate_limited', message, undefined, retryAfterSeconds);

/** An API key as the authentication reads it. */
export interface ApiKeyRecord {
  id: string;
  role: string;
  unitId: string | null;
  revokedAt: Date | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** This request counted against its API key already, by the statement that looked the key up. */
    keyRequestCount?: ClientRateLimitInfo;
  }
}

/**
 * Requests per minute per API key (or per session), one count for all replicas. A request with an
 * API key is counted by the statement that looks its key up (`lookUpAndCount`): one round trip to
 * the database for both. Answers as express-rate-limit's IETF draft-7 headers do
 * (`RateLimit-Policy`, `RateLimit`; a 429 has `Retry-After`).
 */
export class PerKeyRateLimit {
  static readonly WINDOW_MS = 60_000;
  readonly store: PostgresRateLimitStore;

  constructor(
    private readonly db: Database,
    readonly limitPerMinute: number,
  ) {
    this.store = new PostgresRateLimitStore(db, 'key:', PerKeyRateLimit.WINDOW_MS);
  }

  /**
   * The API key with this hash, and, when it is live (not revoked), this request counted against
   * it: one statement. Undefined when there is no such key.
   */
  async lookUpAndCount(keyHash: string): Promise<{ key: ApiKeyRecord; count?: ClientRateLimitInfo } | undefined> {
    const rows = await this.db.$queryRaw<(ApiKeyRecord & { hits: number | null; resetMs: number | null })[]>`
      WITH "found" AS (SELECT "id", "role", "unitId", "revokedAt" FROM "ApiKey" WHERE "keyHash" = ${keyHash}),
      "counted" AS (
        INSERT INTO "RateLimitCounter" ("key", "hits", "resetAt")
        SELECT ${this.store.prefix} || "id", 1, ${windowEndSql(PerKeyRateLimit.WINDOW_MS)} FROM "found" WHERE "revokedAt" IS NULL
        ${COUNT_THE_HIT})
      SELECT "found".*, "counted"."hits", "counted"."resetMs" FROM "found" LEFT JOIN "counted" ON true`;
    const row = rows[0];
    if (!row) return undefined;
    const { hits, resetMs, ...key } = row;
    return { key, ...(hits !== null && resetMs !== null ? { count: { totalHits: hits, resetTime: new Date(resetMs) } } : {}) };
  }

  /** The middleware: after authentication, which counted a request with an API key already. */
  readonly middleware: RequestHandler = async (req, res, next) => {
    try {
      const { totalHits, resetTime } = req.keyRequestCount ?? (await this.store.increment(req.actor?.keyId ?? 'anonymous'));
      const limit = this.limitPerMinute;
      const resetSeconds = resetTime ? Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : PerKeyRateLimit.WINDOW_MS / 1000;
      res.set('RateLimit-Policy', `${limit};w=${PerKeyRateLimit.WINDOW_MS / 1000}`);
      res.set('RateLimit', `limit=${limit}, remaining=${Math.max(limit - totalHits, 0)}, reset=${resetSeconds}`);
      if (totalHits <= limit) return next();
      next(tooManyRequests('too many requests with this API key; slow down and retry in a minute', resetSeconds));
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Failed authentications per client address, shared by the replicas through the same table. An
 * address over the limit is refused (429) before its key is looked up: at once from this process's
 * memory once it knows, otherwise after one more count in the database.
 */
export class AuthFailureLimiter {
  readonly store: PostgresRateLimitStore;
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    db: Database,
    readonly limitPerMinute: number,
  ) {
    this.store = new PostgresRateLimitStore(db, 'auth-failures:');
  }

  /** Seconds until this address may try again, if this process knows it is over the limit. */
  blockedFor(address: string): number | undefined {
    const until = this.blockedUntil.get(address);
    if (until === undefined) return undefined;
    if (until <= Date.now()) {
      this.blockedUntil.delete(address);
      return undefined;
    }
    return Math.max(1, Math.ceil((until - Date.now()) / 1000));
  }

  /** Counts a failure; returns the window it fell in and whether the address is now over the limit. */
  async record(address: string): Promise<{ hits: number; windowEndsAt: Date; retryAfterSeconds?: number }> {
    const { totalHits, resetTime } = await this.store.increment(address);
    const windowEndsAt = resetTime ?? new Date(Date.now() + 60_000);
    if (totalHits <= this.limitPerMinute) return { hits: totalHits, windowEndsAt };
    if (this.blockedUntil.size >= 10_000) this.blockedUntil.delete(this.blockedUntil.keys().next().value!);
    this.blockedUntil.set(address, windowEndsAt.getTime());
    return { hits: totalHits, windowEndsAt, retryAfterSeconds: this.blockedFor(address) ?? 1 };
  }

  shutdown(): void {
    this.store.shutdown();
  }
}
