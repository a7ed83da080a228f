// Next.js calls register() once when a server process starts (`npm start`, `next start`,
// `next dev`): resume indexing answers that are not in the search index yet (an import whose
// indexing was interrupted, a migrated database), in the background.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL) return;
  const { indexSearchInBackground } = await import("@/lib/search/background");
  void indexSearchInBackground(process.env.DATABASE_URL);
}
