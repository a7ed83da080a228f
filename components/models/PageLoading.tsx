// Loading placeholder of the model and question pages (shown by their loading.tsx).
export default function PageLoading({ what }: { what: string }) {
  return (
    <div className="space-y-4" role="status" aria-live="polite" data-testid="loading">
      <p className="text-sm text-zinc-600 dark:text-zinc-300">Loading {what}…</p>
      <div className="h-8 w-2/3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-40 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      <div className="grid gap-4 md:grid-cols-2">
        <div className="h-56 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
        <div className="h-56 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      </div>
    </div>
  );
}
