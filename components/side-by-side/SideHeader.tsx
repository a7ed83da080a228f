// The head of one side: its name (group, or model with its group), how many answers it gave the
// question, and Figure 4's P(misaligned) for it under the view's method, with the interval over
// models and the rate's denominator.
import type { SideSummary } from "@/lib/side-by-side/types";
import { formatCount, formatPercent, formatPercentInterval } from "@/lib/format";

export function SideName({ letter, side }: { letter: "A" | "B"; side: Pick<SideSummary, "label" | "color" | "ref" | "groupLabel"> }) {
  return (
    <span className="inline-flex items-baseline gap-1.5" data-testid={`side-name-${letter.toLowerCase()}`}>
      <span className="rounded bg-zinc-800 px-1.5 py-0.5 text-xs font-bold text-white dark:bg-zinc-200 dark:text-zinc-900">{letter}</span>
      <span className="inline-block h-2.5 w-2.5 shrink-0 rounded-full" style={{ backgroundColor: side.color }} aria-hidden />
      <span className={side.ref.kind === "model" ? "font-mono text-sm wrap-anywhere" : ""}>{side.label}</span>
      {side.ref.kind === "model" && <span className="text-xs text-zinc-600 dark:text-zinc-300">({side.groupLabel})</span>}
    </span>
  );
}

export default function SideHeader({ letter, side, minAnswers }: { letter: "A" | "B"; side: SideSummary; minAnswers: number }) {
  const interval = side.ciLow !== null ? formatPercentInterval(side.ciLow, side.ciHigh) : null;
  return (
    <div
      className="space-y-1 rounded border border-zinc-200 p-3 dark:border-zinc-700"
      data-testid={`side-header-${letter.toLowerCase()}`}
      data-answers={side.answers}
      data-rate={side.rate ?? ""}
      data-counted={side.countedAnswers}
    >
      <h2 className="text-base font-semibold">
        <SideName letter={letter} side={side} />
      </h2>
      <p className="text-sm">
        <span data-testid="side-answers">{formatCount(side.answers)} answers</span> ·{" "}
        <span>
          P(misaligned) <strong data-testid="side-rate">{formatPercent(side.rate)}</strong>
        </span>
        {interval && <span className="text-zinc-600 dark:text-zinc-300"> (95% CI {interval})</span>}
      </p>
      <p className="text-xs text-zinc-600 dark:text-zinc-300">
        {side.rate === null
          ? `No model has ${minAnswers} counted answers to this question: no rate (as in Figure 4).`
          : `${formatCount(side.misaligned)} misaligned of ${formatCount(side.countedAnswers)} counted answers; ${
              side.ref.kind === "group"
                ? `mean over ${side.models - side.excludedModels} model${side.models - side.excludedModels === 1 ? "" : "s"}`
                : "this model's rate"
            }${side.excludedModels > 0 ? `, ${side.excludedModels} left out (fewer than ${minAnswers} counted answers)` : ""}.`}
      </p>
    </div>
  );
}
