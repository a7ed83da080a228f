// Keeps the response being rendered out of the response cache (scripts/server/response-cache.mjs).
// That cache stores every complete 200 for the data version it was rendered at; a page that shows a
// failure inside its 200 (a part that failed after the first bytes went out, "the server is busy")
// is right for this moment only. The server runs each render in an AsyncLocalStorage scope it
// publishes under a global symbol (Next bundles its own copy of this module, so a module-level
// object would not be the server's); outside that server (tests, `next dev`) this does nothing.
import type { AsyncLocalStorage } from "node:async_hooks";

const RESPONSE_SCOPE = Symbol.for("misalignment.response-scope");

interface ResponseScope {
  storable: boolean;
  reasons: string[];
}

/** Marks the response being rendered as not to be cached, with why (kept on the scope for debugging). */
export function keepOutOfResponseCache(reason: string): void {
  const scopes = (globalThis as Record<symbol, unknown>)[RESPONSE_SCOPE] as AsyncLocalStorage<ResponseScope> | undefined;
  const scope = scopes?.getStore();
  if (!scope) return;
  scope.storable = false;
  scope.reasons.push(reason);
}
