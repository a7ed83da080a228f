// @ts-check
// Whole responses cached per data version, in front of Next.js (issue 13, item 1).
//
// Every page and GET route answers from the URL and the committed data alone, and the data changes
// only when an import, a removal or the demo data commits, each of which moves the one-row
// data_version (migration 20261202130000_data_version). So a response rendered at version V is the
// response for as long as V is current. Caching the data alone (lib/cache/data-version.ts) was not
// enough: measured at 1M answers on this 2-core machine, a warm `/answers` still took 180-240 ms
// of server rendering (50 answers through the markdown renderer, 300 KB of HTML), so 50 readers
// at once waited 5 s each and 200 timed out. A cached response costs one version read and a write.
//
// - Key: the data version, the URL, and every request header a response can depend on: Host and the
//   forwarded host and protocol (the answer page's og:url), Accept-Encoding (Next compresses), and
//   Next's router headers (RSC payload vs HTML, prefetch, the router state a navigation sends).
// - Only GET, only 200 without Set-Cookie, never the import pages (they show running imports) nor
//   /_next/ (static files, which Next already serves with their own caching).
// - Concurrent requests for one key share one render: the first streams to its reader as usual and
//   is copied; the others wait for the copy. This is what holds 200 readers of one page.
// - Nothing is served from the cache when the version cannot be read: the request goes to Next.
// - The app keeps a response out while rendering it (RESPONSE_SCOPE below): a failure shown inside a
//   200 page is not the page of the version.
// This file is plain JavaScript because it runs in the Next.js server process (scripts/server/next-server.mjs),
// which must not load a TypeScript loader or the react-server build of React.
import { AsyncLocalStorage } from "node:async_hooks";
import { LRUCache } from "lru-cache";

/**
 * Where the app finds the scope of the response it is rendering (lib/cache/response-scope.ts), to
 * keep a response out of the cache: a global symbol, because Next bundles its own copy of every
 * module the app imports, and this one is not among them. A response that shows a failure (a page
 * whose streamed part failed after the 200 went out, "the server is busy") is right for this
 * moment only, not for the whole data version.
 */
export const RESPONSE_SCOPE = Symbol.for("misalignment.response-scope");
/** @typedef {{ storable: boolean; reasons: string[] }} ResponseScope */
/** @type {AsyncLocalStorage<ResponseScope>} */
const scopes = /** @type {any} */ (globalThis)[RESPONSE_SCOPE] ?? new AsyncLocalStorage();
/** @type {any} */ (globalThis)[RESPONSE_SCOPE] = scopes;

/** Request headers that can change a response, beside the URL (lower case, as Node gives them). */
export const KEY_HEADERS = [
  "host",
  "x-forwarded-host",
  "x-forwarded-proto",
  "accept-encoding",
  "accept",
  "cookie",
  "rsc",
  "next-router-state-tree",
  "next-router-prefetch",
  "next-router-segment-prefetch",
  "next-url",
];

/** Response headers not replayed: they describe one connection, not the response. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "date", "content-length"]);

/** How long a request waits for the same render started by another before rendering itself. */
const SHARED_WAIT_MS = 5_000;

/** Paths never cached: imports in progress, Next's own files. */
const UNCACHED_PATH = /^\/(?:_next\/|import(?:s)?(?:\/|$)|api\/import(?:s)?(?:\/|$))/;

/**
 * Whether a request may be answered from the cache (and its response stored).
 * @param {{ method?: string; url?: string; headers: Record<string, string | string[] | undefined> }} request
 */
export function isCacheableRequest(request) {
  if (request.method !== "GET" || !request.url) return false;
  // a credential makes the answer someone's (GET /api/reviewer names the token's reviewer): never shared
  if (request.headers.authorization || request.headers["x-reviewer-token"] || request.headers["x-admin-token"]) return false;
  const path = request.url.split("?")[0];
  return !UNCACHED_PATH.test(path);
}

/**
 * The cache key of a request at a data version.
 * @param {string} version
 * @param {{ url?: string; headers: Record<string, string | string[] | undefined> }} request
 */
export function cacheKey(version, request) {
  const parts = KEY_HEADERS.map((name) => {
    const value = request.headers[name];
    return `${name}=${Array.isArray(value) ? value.join(",") : (value ?? "")}`;
  });
  return `${version}\n${request.url}\n${parts.join("\n")}`;
}

/**
 * @typedef {{ status: number; headers: Record<string, string | string[]>; body: Buffer }} StoredResponse
 * @typedef {{ readVersion: () => Promise<string | null>; maxBytes?: number; maxEntryBytes?: number }} CacheOptions
 */

/**
 * @param {CacheOptions} options
 */
export function createResponseCache({ readVersion, maxBytes = 128 * 1024 * 1024, maxEntryBytes = 8 * 1024 * 1024 }) {
  /** @type {LRUCache<string, StoredResponse>} */
  const stored = new LRUCache({ maxSize: maxBytes, sizeCalculation: (entry) => entry.body.length + 1024 });
  /** @type {Map<string, Promise<StoredResponse | null>>} */
  const rendering = new Map();
  let latestVersion = "";
  const stats = { hits: 0, misses: 0, shared: 0, passed: 0, keptOut: 0 };

  /**
   * Answers `request` from the cache, or lets `render` answer it (and copies a cacheable response).
   * @param {import("node:http").IncomingMessage} request
   * @param {import("node:http").ServerResponse} response
   * @param {() => unknown} render
   */
  async function handle(request, response, render) {
    if (!isCacheableRequest(request)) {
      stats.passed++;
      return render();
    }
    let version = null;
    try {
      version = await readVersion();
    } catch {
      version = null;
    }
    if (version === null) {
      stats.passed++;
      return render();
    }
    if (version !== latestVersion) {
      // entries of older versions can never be read again
      if (latestVersion !== "") stored.clear();
      latestVersion = version;
    }
    const key = cacheKey(version, request);
    const hit = stored.get(key);
    if (hit) {
      stats.hits++;
      return replay(hit, response);
    }
    const running = rendering.get(key);
    if (running) {
      stats.shared++;
      // a first reader that stops reading stalls its render: wait for it a bounded time only
      let timer;
      const shared = await Promise.race([
        running,
        new Promise((resolve) => (timer = setTimeout(() => resolve(null), SHARED_WAIT_MS))),
      ]).finally(() => clearTimeout(timer));
      if (shared) return replay(/** @type {StoredResponse} */ (shared), response);
      return render();
    }
    stats.misses++;
    /** @type {ResponseScope} */
    const scope = { storable: true, reasons: [] };
    const copy = copyResponse(response, maxEntryBytes, scope);
    rendering.set(key, copy);
    copy.then(
      (entry) => {
        rendering.delete(key);
        if (!scope.storable) stats.keptOut++;
        if (entry && latestVersion === version) stored.set(key, entry);
      },
      () => rendering.delete(key),
    );
    return scopes.run(scope, render);
  }

  return {
    handle,
    stats: () => ({ ...stats, entries: stored.size, bytes: stored.calculatedSize }),
    clear: () => stored.clear(),
  };
}

/**
 * @param {StoredResponse} entry
 * @param {import("node:http").ServerResponse} response
 */
function replay(entry, response) {
  response.writeHead(entry.status, { ...entry.headers, "content-length": String(entry.body.length), "x-response-cache": "hit" });
  response.end(entry.body);
}

/**
 * Copies what is written to `response` (after Next's compression) and resolves with it when the
 * response ends, or with null when it may not be stored (not 200, Set-Cookie, too large, aborted,
 * or kept out by the app while it rendered: `scope.storable` false).
 * @param {import("node:http").ServerResponse} response
 * @param {number} maxEntryBytes
 * @param {ResponseScope} scope
 * @returns {Promise<StoredResponse | null>}
 */
function copyResponse(response, maxEntryBytes, scope) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let bytes = 0;
    let storable = true;
    /** @type {Record<string, string | string[]>} */
    let headArgument = {};
    const write = response.write;
    const end = response.end;
    const writeHead = response.writeHead;
    /** @param {unknown} chunk @param {unknown} encoding */
    const collect = (chunk, encoding) => {
      if (!storable || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
          : Buffer.from(String(chunk), typeof encoding === "string" ? /** @type {BufferEncoding} */ (encoding) : "utf8");
      bytes += buffer.length;
      if (bytes > maxEntryBytes) {
        storable = false;
        chunks.length = 0;
        return;
      }
      chunks.push(Buffer.from(buffer)); // a copy: the writer may reuse its buffer
    };
    /** @type {any} */ (response).writeHead = function (/** @type {any[]} */ ...args) {
      const headers = args.find((arg, index) => index > 0 && arg && typeof arg === "object");
      if (headers && !Array.isArray(headers)) headArgument = { ...headArgument, ...headers };
      return writeHead.apply(this, /** @type {any} */ (args));
    };
    /** @type {any} */ (response).write = function (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) {
      collect(chunk, rest[0]);
      return write.call(this, chunk, ...rest);
    };
    /** @type {any} */ (response).end = function (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) {
      collect(chunk, rest[0]);
      return end.call(this, chunk, ...rest);
    };
    response.on("close", () => {
      const finished = response.writableFinished;
      const headers = { ...normalizeHeaders(response.getHeaders()), ...normalizeHeaders(headArgument) };
      // a download is not kept: it names the day it was made (answers-<date>.csv), which a copy
      // served on a later day of the same data version would get wrong
      const download = /^\s*attachment\b/i.test(String(headers["content-disposition"] ?? ""));
      if (!finished || !storable || !scope.storable || response.statusCode !== 200 || headers["set-cookie"] !== undefined || download)
        return resolve(null);
      // Next marks dynamic pages "private, no-store" for browsers and shared caches: right for them
      // (the data can change under them), not for this cache, whose key holds the data version.
      for (const name of Object.keys(headers)) if (HOP_BY_HOP.has(name)) delete headers[name];
      resolve({ status: 200, headers, body: Buffer.concat(chunks) });
    });
  });
}

/**
 * @param {Record<string, unknown>} headers
 * @returns {Record<string, string | string[]>}
 */
function normalizeHeaders(headers) {
  /** @type {Record<string, string | string[]>} */
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}
