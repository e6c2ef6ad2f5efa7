// A short-lived cache of the organisation directory for the mail activities (issue 14): a storm or
// an import sends thousands of mails about the same few schools, departments and jurisdictions,
// and their look-ups were most of a mail's database round trips. An entry lives
// DIRECTORY_CACHE_TTL_MS (config.ts, default 1 s), so an edit of a contact reaches every mail
// rendered a second later; an edit through the API in the same process (tests, a single-process
// deployment) reaches the next mail at once. Look-ups under way are shared; what is not found is
// not kept. The API checks a reported hazard's school through it too.
import type { Database } from './database';

let ttlMs = 1_000;

/** How long an entry lives (DIRECTORY_CACHE_TTL_MS; 0: no cache), set by each process at its start. */
export function configureDirectoryCache(settings: { ttlMs: number }): void {
  ttlMs = settings.ttlMs;
}

interface Entry {
  until: number;
  generation: number;
  value: Promise<unknown>;
}

/** Bumped by every edit of the directory in this process: older entries are stale. */
let generation = 0;

const caches = new WeakMap<Database, Map<string, Entry>>();
/** Entries a cache keeps at most (a directory is a few thousand units). */
const MAX_ENTRIES = 20_000;

/** The value under `key` for this database, loaded at most once per TTL. */
export function cachedLookup<T>(db: Database, key: string, load: () => Promise<T>): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map<string, Entry>()));
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now && hit.generation === generation) return hit.value as Promise<T>;
  const ttl = ttlMs;
  const value = load();
  if (ttl > 0) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    const entry: Entry = { until: now + ttl, generation, value };
    cache.set(key, entry);
    // A failed or empty look-up is not kept: the next one asks again.
    const forget = () => {
      if (cache.get(key) === entry) cache.delete(key);
    };
    value.then((v) => {
      if (v === null || v === undefined) forget();
    }, forget);
  }
  return value;
}

/** Forgets every cached directory entry (the directory was edited in this process). */
export function invalidateDirectoryCache(): void {
  generation += 1;
}

// The directory's rows, through the cache.
export const cachedSchool = (db: Database, id: string) => cachedLookup(db, `school:${id}`, () => db.school.findUnique({ where: { id }, include: { jurisdiction: true } }));
export const cachedDepartment = (db: Database, id: string) => cachedLookup(db, `department:${id}`, () => db.department.findUnique({ where: { id } }));
export const cachedJurisdiction = (db: Database, id: string) => cachedLookup(db, `jurisdiction:${id}`, () => db.jurisdiction.findUnique({ where: { id } }));
