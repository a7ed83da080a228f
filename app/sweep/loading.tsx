// Shown while the sweep's numbers are computed on the server.
export default function SweepLoading() {
  return (
    <div className="space-y-6" role="status" aria-live="polite" data-testid="sweep-loading">
      <div className="space-y-2">
        <div className="h-7 w-40 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
        <div className="h-4 w-full max-w-xl animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      </div>
      <div className="h-10 w-full animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      <div className="h-80 w-full animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      <p className="text-sm text-zinc-600 dark:text-zinc-300">Computing the sweep…</p>
    </div>
  );
}
