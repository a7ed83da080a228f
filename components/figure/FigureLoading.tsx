// Shown while the Figure-4 page loads: the whole page (FigureLoading), and each section that
// streams on its own (app/page.tsx gives every section a Suspense boundary with one of these).
// Threshold and group changes keep the current figure on screen (they run in a transition) and
// show "Updating…" in the controls instead.
const bar = "animate-pulse rounded bg-zinc-200 dark:bg-zinc-800";
const box = "rounded border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900";

/** The heading and its one-line description. */
export function HeadingSkeleton() {
  return (
    <div className="space-y-2">
      <div className={`h-7 w-2/3 ${bar}`} />
      <div className={`h-4 w-1/2 ${bar}`} />
    </div>
  );
}

/** The controls (set, method, thresholds, groups). */
export function ControlsSkeleton() {
  return <div className={`h-28 animate-pulse ${box}`} />;
}

/** The chart, sized as the chart is. */
export function ChartSkeleton({ label = "Computing misalignment rates…" }: { label?: string }) {
  return (
    <div className={`flex h-[420px] items-center justify-center text-sm text-zinc-500 dark:text-zinc-400 ${box}`} aria-busy="true">
      {label}
    </div>
  );
}

/** A table or a panel below the chart. */
export function SectionSkeleton({ label }: { label: string }) {
  return (
    <div className={`flex h-32 items-center justify-center text-sm text-zinc-500 dark:text-zinc-400 ${box}`} aria-busy="true">
      {label}
    </div>
  );
}

export default function FigureLoading() {
  return (
    <div className="space-y-6" data-testid="figure-loading" aria-busy="true" aria-live="polite">
      <HeadingSkeleton />
      <ControlsSkeleton />
      <ChartSkeleton />
    </div>
  );
}
