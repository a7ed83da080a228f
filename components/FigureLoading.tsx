// Shown while the Figure-4 page loads. Threshold and group changes keep the current figure on
// screen (they run in a transition) and show "Updating…" in the controls instead.
export default function FigureLoading() {
  return (
    <div className="space-y-6" data-testid="figure-loading" aria-busy="true" aria-live="polite">
      <div className="space-y-2">
        <div className="h-7 w-2/3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
        <div className="h-4 w-1/2 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
      </div>
      <div className="h-28 animate-pulse rounded border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900" />
      <div className="flex h-[420px] items-center justify-center rounded border border-zinc-200 bg-zinc-50 text-sm text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
        Computing misalignment rates…
      </div>
    </div>
  );
}
