"use client";
// Set, the two groups, a swap button, thresholds and sort order, with the scope and method
// controls every rates view shares (MethodControls: base model, preset, denominator, minimum
// answers, interval). Every change edits the current URL's params (so whatever else the URL holds
// stays) and goes through router.push (useViewNavigation: no full reload; back/forward step through
// views). Without JavaScript the form is a plain GET form and still works (except the swap button).
import { type FormEvent } from "react";
import ThresholdFields from "@/components/ui/ThresholdFields";
import ControlSelect, { QuestionSetOptions } from "@/components/ui/ControlSelect";
import TwoSidePicker, { pickSide } from "@/components/ui/TwoSidePicker";
import MethodControls, { type BaseModelOption } from "@/components/MethodControls";
import type { JudgeChoices } from "@/lib/domain/score-source";
import { useViewNavigation } from "@/components/useViewNavigation";
import { thresholdParam } from "@/lib/params/change";
import type { PresetId, RateMethod } from "@/lib/stats/method";
import type { CompareSort } from "@/lib/params/compare";

export interface SetChoice {
  name: string;
  isDemo: boolean;
  questions: number;
  answers: number;
}

export interface GroupChoice {
  name: string;
  label: string;
  models: number;
}

export default function CompareControls({
  sets,
  groups,
  set,
  a,
  b,
  sort,
  preset,
  method,
  base,
  baseChoices,
  judges,
}: {
  sets: SetChoice[];
  /** groups with answers in the set within the scope, in display order */
  groups: GroupChoice[];
  set: string;
  /** the groups as shown (resolved to the defaults when the URL names none) */
  a?: string;
  b?: string;
  sort: CompareSort;
  preset: PresetId;
  method: RateMethod;
  /** the scope's URL value: a base model name, all or unknown */
  base: string;
  baseChoices: BaseModelOption[];
  judges?: JudgeChoices;
}) {
  const { navigate, pending } = useViewNavigation("/compare");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    navigate({
      aligned: thresholdParam(preset, "aligned", String(data.get("aligned") ?? "")),
      coherent: thresholdParam(preset, "coherent", String(data.get("coherent") ?? "")),
    });
  }

  const groupOptions = groups.map((group) => (
    <option key={group.name} value={group.name}>
      {group.label} ({group.models} {group.models === 1 ? "model" : "models"})
    </option>
  ));

  return (
    <form
      method="get"
      action="/compare"
      onSubmit={onSubmit}
      className="space-y-3 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="compare-controls"
      aria-busy={pending}
    >
      <MethodControls preset={preset} method={method} base={base} baseChoices={baseChoices} judges={judges} onChange={navigate} />
      <div className="flex flex-wrap items-end gap-3">
        <ControlSelect
          label="Question set"
          name="set"
          defaultValue={set}
          key={`set-${set}`}
          // Another set has other groups: let the defaults pick the pair there.
          onChange={(event) => navigate({ set: event.currentTarget.value, a: null, b: null })}
        >
          <QuestionSetOptions sets={sets} />
        </ControlSelect>
        <TwoSidePicker
          a={a}
          b={b}
          labels={{ a: "Group a", b: "Group b" }}
          swapLabel="Swap groups a and b"
          testIds={{ a: "select-a", b: "select-b", swap: "swap-groups" }}
          options={{ a: groupOptions, b: groupOptions }}
          // Picking the other side's group swaps the two rather than comparing a group with itself.
          onPick={(side, name) => {
            const next = pickSide({ a, b }, side, name, true);
            navigate({ a: next.a ?? null, b: next.b ?? null });
          }}
          onSwap={() => navigate({ a: b ?? null, b: a ?? null })}
        />
        <ThresholdFields thresholds={method} />
        <ControlSelect
          label="Sort by"
          name="sort"
          data-testid="select-sort"
          defaultValue={sort}
          key={`s-${sort}`}
          onChange={(event) => navigate({ sort: event.currentTarget.value === "effect" ? null : event.currentTarget.value })}
        >
          <option value="effect">effect size</option>
          <option value="question">question order</option>
          <option value="p">p-value</option>
        </ControlSelect>
        <button
          type="submit"
          className="rounded bg-zinc-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
        >
          Apply
        </button>
        <span role="status" className="pb-1.5 text-sm text-zinc-500 dark:text-zinc-400" data-testid="compare-pending">
          {pending ? "Updating…" : ""}
        </span>
      </div>
    </form>
  );
}
