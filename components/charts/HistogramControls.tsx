"use client";
// The count axis (linear, √, log) and the zoom to the misaligned region of the score histograms on
// a page, kept in the URL (`counts=sqrt|log`, `zoom=low`) so a shared link shows the same charts.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { COUNT_SCALES, COUNT_SCALE_LABEL, type CountScale } from "@/lib/charts/count-scale";

export interface HistogramView {
  scale: CountScale;
  /** the alignment histograms show only the bins below the misalignment threshold */
  zoomed: boolean;
}

export function useHistogramView(): HistogramView & { update(change: Partial<HistogramView>): void } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const asked = params.get("counts");
  const scale: CountScale = (COUNT_SCALES as readonly string[]).includes(asked ?? "") ? (asked as CountScale) : "linear";
  const zoomed = params.get("zoom") === "low";
  return {
    scale,
    zoomed,
    update(change) {
      const next = new URLSearchParams(params);
      const nextScale = change.scale ?? scale;
      if (nextScale === "linear") next.delete("counts");
      else next.set("counts", nextScale);
      if (change.zoomed ?? zoomed) next.set("zoom", "low");
      else next.delete("zoom");
      const query = next.toString();
      router.replace(`${pathname}${query ? `?${query}` : ""}`, { scroll: false });
    },
  };
}

export default function HistogramControls({ zoomLabel, scales = COUNT_SCALES }: { zoomLabel: string; scales?: readonly CountScale[] }) {
  const view = useHistogramView();
  const button = (pressed: boolean) =>
    `rounded border px-2 py-0.5 ${pressed ? "border-blue-700 bg-blue-700 text-white dark:border-blue-300 dark:bg-blue-300 dark:text-zinc-950" : "border-zinc-400 dark:border-zinc-500"}`;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm" data-testid="histogram-controls">
      <div role="group" aria-label="Count axis" className="flex items-center gap-1">
        <span className="mr-1 text-zinc-600 dark:text-zinc-300">Count axis</span>
        {scales.map((scale) => (
          <button
            key={scale}
            type="button"
            aria-pressed={view.scale === scale}
            className={button(view.scale === scale)}
            onClick={() => view.update({ scale })}
            data-testid={`count-scale-${scale}`}
          >
            {COUNT_SCALE_LABEL[scale]}
          </button>
        ))}
      </div>
      <button
        type="button"
        aria-pressed={view.zoomed}
        className={button(view.zoomed)}
        onClick={() => view.update({ zoomed: !view.zoomed })}
        data-testid="histogram-zoom"
      >
        {zoomLabel}
      </button>
    </div>
  );
}
