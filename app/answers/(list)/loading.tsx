// Shown while the answer browser queries the database. (In a route group so that it does not wrap
// the permalink: a streamed page could no longer answer 404 for an unknown answer id.)
export default function Loading() {
  return (
    <div className="space-y-4" role="status" aria-live="polite" data-testid="answers-loading">
      <p className="text-sm text-zinc-600 dark:text-zinc-300">Loading answers…</p>
      {Array.from({ length: 4 }, (_, index) => (
        <div key={index} className="h-24 animate-pulse rounded border border-zinc-200 bg-zinc-100 dark:border-zinc-800 dark:bg-zinc-900" />
      ))}
    </div>
  );
}
