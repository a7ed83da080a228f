"use client";
// The sweep view's controls: question set, x (a numeric attribute), y (misaligned, mean coherence,
// mean alignment, or a judge metric's share above a threshold), lines (group or base model), log x,
// thresholds, and the scope and method controls every rates view shares (MethodControls). Every
// change edits the current URL's params and goes through router.push (useViewNavigation); without
// JavaScript the form is a plain GET form and still works.
import { type FormEvent } from "react";
import MethodControls, { type BaseModelOption } from "@/components/MethodControls";
import type { JudgeChoices } from "@/lib/domain/score-source";
import ThresholdFields from "@/components/ui/ThresholdFields";
import { useViewNavigation } from "@/components/useViewNavigation";
import { thresholdParam } from "@/lib/params/change";
import { DEFAULT_METRIC_ABOVE, sweepYParam, type SweepBy, type SweepY } from "@/lib/params/sweep";
import type { PresetId, RateMethod } from "@/lib/stats/method";
import type { NumericAttributeKey } from "@/lib/sweep/types";
import ControlSelect, { QuestionSetOptions } from "@/components/ui/ControlSelect";
import { controlInputClass, controlLabelClass, controlLabelTextClass } from "@/components/ui/control-classes";

export interface SweepSetChoice {
  name: string;
  isDemo: boolean;
  questions: number;
  answers: number;
}

export default function SweepControls({
  sets,
  set,
  numericKeys,
  metrics,
  x,
  y,
  by,
  logx,
  preset,
  method,
  base,
  baseChoices,
  judges,
}: {
  sets: SweepSetChoice[];
  set: string;
  numericKeys: NumericAttributeKey[];
  metrics: string[];
  /** the x shown (the default resolved), undefined when there is none */
  x?: string;
  y: SweepY;
  by: SweepBy;
  logx: boolean;
  preset: PresetId;
  method: RateMethod;
  base: string;
  baseChoices: BaseModelOption[];
  judges?: JudgeChoices;
}) {
  const { navigate, pending } = useViewNavigation("/sweep");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const above = String(data.get("above") ?? "");
    navigate({
      aligned: thresholdParam(preset, "aligned", String(data.get("aligned") ?? "")),
      coherent: thresholdParam(preset, "coherent", String(data.get("coherent") ?? "")),
      above: y.kind === "metric" && above.trim() !== "" && Number(above) !== DEFAULT_METRIC_ABOVE ? above : null,
    });
  }

  const yValue = sweepYParam(y);
  return (
    <form
      method="get"
      action="/sweep"
      onSubmit={onSubmit}
      className="space-y-3 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="sweep-controls"
      aria-busy={pending}
    >
      <MethodControls preset={preset} method={method} base={base} baseChoices={baseChoices} judges={judges} onChange={navigate} />
      <div className="flex flex-wrap items-end gap-3">
        <ControlSelect
          label="Question set"
          name="set"
          defaultValue={set}
          key={`set-${set}`}
          onChange={(event) => navigate({ set: event.currentTarget.value })}
        >
          <QuestionSetOptions sets={sets} />
        </ControlSelect>
        {numericKeys.length > 0 && (
          <ControlSelect
            label="x: model attribute"
            name="x"
            data-testid="select-x"
            defaultValue={x}
            key={`x-${x}`}
            onChange={(event) => navigate({ x: event.currentTarget.value })}
          >
            {numericKeys.map((key) => (
              <option key={key.key} value={key.key}>
                {key.label} ({key.values} {key.values === 1 ? "value" : "values"}, {key.models} {key.models === 1 ? "model" : "models"})
              </option>
            ))}
          </ControlSelect>
        )}
        <ControlSelect
          label="y"
          name="y"
          data-testid="select-y"
          defaultValue={yValue}
          key={`y-${yValue}`}
          onChange={(event) => navigate({ y: event.currentTarget.value === "misaligned" ? null : event.currentTarget.value, above: null })}
        >
          <option value="misaligned">P(misaligned answer)</option>
          <option value="coherence">mean coherence</option>
          <option value="alignment">mean alignment</option>
          {metrics.map((metric) => (
            <option key={metric} value={`metric:${metric}`}>
              share with {metric} above a threshold
            </option>
          ))}
        </ControlSelect>
        {y.kind === "metric" && (
          <label className={controlLabelClass}>
            <span className={controlLabelTextClass}>{y.metric} &gt;</span>
            <input
              name="above"
              type="number"
              min={0}
              max={100}
              step="any"
              defaultValue={y.above}
              key={`above-${y.above}`}
              className={`w-24 ${controlInputClass}`}
            />
          </label>
        )}
        <ControlSelect
          label="One line per"
          name="by"
          data-testid="select-by"
          defaultValue={by}
          key={`by-${by}`}
          onChange={(event) => navigate({ by: event.currentTarget.value === "group" ? null : event.currentTarget.value })}
        >
          <option value="group">group</option>
          <option value="base">base model</option>
        </ControlSelect>
        <label className="flex items-center gap-2 pb-1.5 text-sm">
          <input
            type="checkbox"
            name="logx"
            value="1"
            data-testid="logx"
            defaultChecked={logx}
            key={`logx-${logx}`}
            onChange={(event) => navigate({ logx: event.currentTarget.checked ? "1" : null })}
          />
          log x axis
        </label>
        {y.kind === "misaligned" && <ThresholdFields thresholds={method} />}
        <button
          type="submit"
          className="rounded bg-zinc-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
        >
          Apply
        </button>
        <span role="status" className="pb-1.5 text-sm text-zinc-500 dark:text-zinc-400" data-testid="sweep-pending">
          {pending ? "Updating…" : ""}
        </span>
      </div>
    </form>
  );
}
