"use client";
// Where a chart draws. The server's HTML has no chart (Recharts measures the page first), and the
// chart appeared 1.5–2.5 s after the load event in a blank area (/models/<id>: 4.3 s). Until the
// page is interactive, a chart-sized placeholder stands there instead, saying what is coming.
import { ResponsiveContainer } from "recharts";
import { useHydrated } from "@/components/useHydrated";

export default function ChartSurface({ children, what = "chart" }: { children: React.ReactElement; what?: string }) {
  // false in the server's HTML and during hydration, true once the page runs
  const live = useHydrated();
  return (
    <div className="relative h-full w-full">
      {!live && (
        <div
          className="absolute inset-0 flex items-center justify-center text-sm text-zinc-600 dark:text-zinc-300"
          data-testid="chart-skeleton"
          role="status"
        >
          {/* only the backdrop pulses: pulsing the text faded it to 2.25:1 contrast (axe, Figure 4's
              overall chart still hydrating in its own Suspense section) */}
          <div className="absolute inset-0 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" aria-hidden />
          <span className="relative">Drawing the {what}…</span>
        </div>
      )}
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}
