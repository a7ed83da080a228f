// View results cached per data version (issue 13, item 1).
//
// Every view's data is a function of the committed rows, and the rows change only when an import,
// a removal or the demo data commits. Each of those bumps the one-row `data_version` table in its
// own transaction (migration 20261202130000_data_version), so a result computed while version V is
// current stays right until the version moves: the cache key holds the version, and a result can
// never be served once its data changed. Read committed makes this exact: a request that reads
// version V+1 runs its queries after the commit that made it, so nothing computed from older rows
// is ever stored under V+1.
//
// Concurrent requests for the same view at the same version share one computation (in-flight
// dedupe): 200 readers of `/` cost one set of queries, not 200 copies of the same rate queries
// queued behind the pool's ten connections.
//
// Whole pages are also cached per version, in front of Next (scripts/server/response-cache.mjs);
// this cache serves what that one cannot: different URLs that share a query (the sets and the scope
// on every page), the API routes' JSON under other parameters, and the first render of a page.
//
// Results are deep-frozen: every reader gets the same object, so a caller that sorted or edited a
// cached array in place would change it for everyone. A frozen object makes that a TypeError at
// once (ES modules are strict), in the first request and in the tests, instead of a wrong number
// later.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { LRUCache } from "lru-cache";
import { cache as oncePerRequest } from "react";
import stringify from "safe-stable-stringify";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { queryRows } from "@/lib/db/rows";
import { asQueryTimeout } from "@/lib/db/query-timeout";
import { asDatabaseUnavailable } from "@/lib/db/unavailable";

/** Memory the cached results may take (estimated from their JSON size): a bound, so memory stays flat however many views are read. */
const CACHE_BYTES = 64 * 1024 * 1024;
/** A single result larger than this is not kept (a page of 1 MB hostile answers). */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;

interface Entry {
  value: unknown;
  bytes: number;
}

const STATE = Symbol.for("misalignment-explorer.viewCache");
interface CacheState {
  results: LRUCache<string, Entry>;
  inFlight: Map<string, Promise<unknown>>;
  /** per database client: the newest version seen, so older versions' entries can be dropped */
  latestVersion: Map<number, bigint>;
  clientIds: WeakMap<object, number>;
  nextClientId: number;
  stats: { hits: number; misses: number; shared: number };
}
const globalState = globalThis as unknown as Record<symbol, CacheState | undefined>;
const state = (globalState[STATE] ??= {
  results: new LRUCache<string, Entry>({ maxSize: CACHE_BYTES, sizeCalculation: (entry) => entry.bytes }),
  inFlight: new Map(),
  latestVersion: new Map(),
  clientIds: new WeakMap(),
  nextClientId: 1,
  stats: { hits: 0, misses: 0, shared: 0 },
});

/**
 * ME_VIEW_CACHE=off turns the cache off (to measure without it, or to rule it out). Off under
 * vitest unless a test turns it on (setViewCacheEnabled): the query tests switch plans with
 * module settings (setSearchIdListMax, narrowFilterRows...) and compare the results; a cached
 * result would make the second plan's answer the first's, and the comparison could not fail.
 */
function cacheEnabled(): boolean {
  if (enabledForTests !== undefined) return enabledForTests;
  return process.env.ME_VIEW_CACHE !== "off" && !process.env.VITEST;
}
let enabledForTests: boolean | undefined;

/** Tests: turn the cache on or off (undefined: back to the environment's rule). */
export function setViewCacheEnabled(enabled: boolean | undefined): void {
  enabledForTests = enabled;
}

const dataVersionRow = z.strictObject({ version: z.bigint() });

/** The current data version (a counter; it only grows). */
export async function readDataVersion(prisma: PrismaClient): Promise<bigint> {
  // the one real int8 column read raw: a bigint, compared and used as a cache key, never sent as JSON
  const rows = await queryRows(prisma, "readDataVersion", dataVersionRow, Prisma.sql`SELECT version FROM data_version`);
  if (rows.length !== 1) throw new Error("The data_version table has no row: run the migrations (npm run db:migrate).");
  return rows[0].version;
}

/** Read once per server render: every section of one page sees the same version. */
const dataVersionOfRender = oncePerRequest(readDataVersion);

/**
 * React's cache() does nothing in a route handler, so an API request that calls three cached
 * loaders read the version three times, and could see two versions if an import committed in
 * between. apiRoute runs each handler in this scope instead: one read per client per request.
 */
const requestVersions = new AsyncLocalStorage<Map<PrismaClient, Promise<bigint>>>();

/** Runs `handle` with one data-version read per database client for everything it calls (lib/api/route.ts). */
export function withOneDataVersion<Value>(handle: () => Value): Value {
  return requestVersions.run(new Map(), handle);
}

function dataVersionOfRequest(prisma: PrismaClient): Promise<bigint> {
  const versions = requestVersions.getStore();
  if (!versions) return dataVersionOfRender(prisma);
  let version = versions.get(prisma);
  if (!version) {
    version = readDataVersion(prisma);
    versions.set(prisma, version);
    // a failed read is not kept: a retry within the request reads again
    version.catch(() => versions.delete(prisma));
  }
  return version;
}

function clientId(prisma: PrismaClient): number {
  let id = state.clientIds.get(prisma);
  if (id === undefined) {
    id = state.nextClientId++;
    state.clientIds.set(prisma, id);
  }
  return id;
}

/** A newer version was seen: the entries of older versions can never be read again. */
function dropOlderVersions(client: number, version: bigint): void {
  const latest = state.latestVersion.get(client);
  if (latest !== undefined && latest >= version) return;
  state.latestVersion.set(client, version);
  if (latest === undefined) return;
  const prefix = `${client}|`;
  const current = `${client}|${version}|`;
  for (const key of state.results.keys()) {
    if (key.startsWith(prefix) && !key.startsWith(current)) state.results.delete(key);
  }
}

function deepFreeze<Value>(value: Value): Value {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

function estimatedBytes(value: unknown): number {
  // UTF-16 in memory, plus object overhead: JSON length × 2 is within a factor of two of heap use
  return (stringify(value)?.length ?? 0) * 2;
}

/**
 * `load` with its results cached per data version. Its arguments after the client make the key
 * (stable JSON: key order does not matter); they must be plain data. The result is deep-frozen.
 * A statement timeout inside becomes a QueryTimeoutError (lib/db/query-timeout.ts), a database out of
 * reach a DatabaseUnavailableError (lib/db/unavailable.ts).
 */
export function cachedPerDataVersion<Args extends unknown[], Result>(
  name: string,
  load: (prisma: PrismaClient, ...args: Args) => Promise<Result>,
): (prisma: PrismaClient, ...args: Args) => Promise<Result> {
  return async (prisma, ...args) => {
    // frozen with the cache off too: a caller that edits a result in place fails in every test
    if (!cacheEnabled()) return deepFreeze(await guarded(() => load(prisma, ...args)));
    const version = await guarded(() => dataVersionOfRequest(prisma));
    const client = clientId(prisma);
    dropOlderVersions(client, version);
    const key = `${client}|${version}|${name}|${stringify(args)}`;
    const cached = state.results.get(key);
    if (cached) {
      state.stats.hits++;
      return cached.value as Result;
    }
    const running = state.inFlight.get(key);
    if (running) {
      state.stats.shared++;
      return running as Promise<Result>;
    }
    state.stats.misses++;
    const computing = guarded(() => load(prisma, ...args)).then((value) => {
      deepFreeze(value);
      const bytes = estimatedBytes(value);
      if (bytes <= MAX_ENTRY_BYTES && (state.latestVersion.get(client) ?? version) <= version) {
        state.results.set(key, { value, bytes });
      }
      return value;
    });
    state.inFlight.set(key, computing);
    // removed whether it succeeds or fails: a failure is not cached, the next request tries again
    void computing.then(
      () => state.inFlight.delete(key),
      () => state.inFlight.delete(key),
    );
    return computing;
  };
}

async function guarded<Value>(run: () => Promise<Value>): Promise<Value> {
  try {
    return await run();
  } catch (error) {
    throw asQueryTimeout(error) ?? asDatabaseUnavailable(error) ?? error;
  }
}

/** Counters and size, for the tests and the load test's report. */
export function viewCacheStats(): { hits: number; misses: number; shared: number; entries: number; bytes: number } {
  return { ...state.stats, entries: state.results.size, bytes: state.results.calculatedSize };
}

/** Empties the cache (tests). */
export function clearViewCache(): void {
  state.results.clear();
  state.inFlight.clear();
  state.latestVersion.clear();
  state.stats = { hits: 0, misses: 0, shared: 0 };
}
