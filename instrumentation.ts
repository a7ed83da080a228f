import { keepOutOfResponseCache } from "@/lib/cache/response-scope";

// Next.js calls register() once when a server process starts (`npm start`, `next start`,
// `next dev`): remove the temporary upload folders of server processes that died mid-import, and
// resume indexing answers that are not in the search index yet (an import whose indexing was
// interrupted, a migrated database), both in the background.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { cleanUpStaleImportTempDirs } = await import("@/lib/import/read/temp-files");
  void cleanUpStaleImportTempDirs();
  if (!process.env.DATABASE_URL) return;
  const { indexSearchInBackground } = await import("@/lib/search/background");
  void indexSearchInBackground(process.env.DATABASE_URL);
}

// A render that failed after its 200 went out (a streamed part: the error boundary shows the
// failure) must not be served from the response cache for the rest of the data version.
export function onRequestError(error: unknown, request: { path: string }): void {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  keepOutOfResponseCache(`render error on ${request.path}: ${error instanceof Error ? error.name : "unknown"}`);
}
