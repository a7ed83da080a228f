// Types of response-cache.mjs (plain JavaScript: it runs in the Next.js server process without a
// TypeScript loader) for the TypeScript that imports it: its tests.
import type { IncomingMessage, ServerResponse } from "node:http";

type RequestLike = { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };

export declare const KEY_HEADERS: string[];
export declare const RESPONSE_SCOPE: unique symbol;
export declare function isCacheableRequest(request: RequestLike): boolean;
export declare function cacheKey(version: string, request: Omit<RequestLike, "method">): string;
export declare function createResponseCache(options: {
  readVersion: () => Promise<string | null>;
  maxBytes?: number;
  maxEntryBytes?: number;
}): {
  handle(request: IncomingMessage, response: ServerResponse, render: () => unknown): Promise<unknown>;
  stats(): { hits: number; misses: number; shared: number; passed: number; keptOut: number; entries: number; bytes: number };
  clear(): void;
};
