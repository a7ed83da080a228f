"use client";
// The judge comparison's controls: the two score sources (with a swap), set, group and question
// filters, thresholds, and the scope and method controls every rates view shares. A change edits
// the current URL's params and navigates (useViewNavigation); without JavaScript it is a plain GET form.
import { type FormEvent } from "react";
import ThresholdFields from "@/components/ui/ThresholdFields";
import ControlSelect from "@/components/ui/ControlSelect";
import TwoSidePicker, { pickSide } from "@/components/ui/TwoSidePicker";
import MethodControls, { type BaseModelOption } from "@/components/MethodControls";
import { useViewNavigation } from "@/components/useViewNavigation";
import { thresholdParam } from "@/lib/params/change";
import type { PresetId, RateMethod } from "@/lib/stats/method";
import { formatCount } from "@/lib/format";

export interface SourceChoice {
  /** URL value: default, judge:<name>, reviewers */
  param: string;
  label: string;
}

export default function JudgesControls({
  sources,
  a,
  b,
  sets,
  set,
  groups,
  group,
  questions,
  question,
  preset,
  method,
  base,
  baseChoices,
}: {
  sources: SourceChoice[];
  a?: string;
  b?: string;
  sets: { name: string; answers: number }[];
  set: string;
  groups: { name: string; label: string }[];
  group?: string;
  questions: string[];
  question?: string;
  preset: PresetId;
  method: RateMethod;
  base: string;
  baseChoices: BaseModelOption[];
}) {
  const { navigate, pending } = useViewNavigation("/judges");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    navigate({
      aligned: thresholdParam(preset, "aligned", String(data.get("aligned") ?? "")),
      coherent: thresholdParam(preset, "coherent", String(data.get("coherent") ?? "")),
      page: null,
    });
  }

  const sourceOptions = sources.map((source) => (
    <option key={source.param} value={source.param}>
      {source.label}
    </option>
  ));

  return (
    <form
      method="get"
      action="/judges"
      onSubmit={onSubmit}
      className="space-y-3 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="judges-controls"
      aria-busy={pending}
    >
      <MethodControls preset={preset} method={method} base={base} baseChoices={baseChoices} onChange={navigate} />
      <div className="flex flex-wrap items-end gap-3">
        <TwoSidePicker
          a={a}
          b={b}
          labels={{ a: "Source A", b: "Source B" }}
          swapLabel="Swap sources A and B"
          testIds={{ a: "select-source-a", b: "select-source-b", swap: "swap-sources" }}
          options={{ a: sourceOptions, b: sourceOptions }}
          // Picking the other side's source swaps the two rather than comparing a source with itself.
          onPick={(side, value) => {
            const next = pickSide({ a, b }, side, value, true);
            navigate({ a: next.a ?? null, b: next.b ?? null, page: null });
          }}
          onSwap={() => navigate({ a: b ?? null, b: a ?? null, page: null })}
        />
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <ControlSelect
          label="Question set"
          name="set"
          defaultValue={set}
          key={`set-${set}`}
          onChange={(event) => navigate({ set: event.currentTarget.value, group: null, question: null, page: null })}
        >
          {sets.map((option) => (
            <option key={option.name} value={option.name}>
              {option.name} — {formatCount(option.answers)} answers
            </option>
          ))}
        </ControlSelect>
        <ControlSelect
          label="Group"
          name="group"
          data-testid="select-group"
          defaultValue={group ?? ""}
          key={`g-${group}`}
          onChange={(event) => navigate({ group: event.currentTarget.value || null, page: null })}
        >
          <option value="">every group</option>
          {groups.map((option) => (
            <option key={option.name} value={option.name}>
              {option.label}
            </option>
          ))}
        </ControlSelect>
        <ControlSelect
          label="Question"
          name="question"
          data-testid="select-question"
          defaultValue={question ?? ""}
          key={`q-${question}`}
          onChange={(event) => navigate({ question: event.currentTarget.value || null, page: null })}
        >
          <option value="">every question</option>
          {questions.map((externalId) => (
            <option key={externalId} value={externalId}>
              {externalId}
            </option>
          ))}
        </ControlSelect>
        <ThresholdFields thresholds={method} />
        <button
          type="submit"
          className="rounded bg-zinc-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
        >
          Apply
        </button>
        <span role="status" className="pb-1.5 text-sm text-zinc-500 dark:text-zinc-400" data-testid="judges-pending">
          {pending ? "Updating…" : ""}
        </span>
      </div>
    </form>
  );
}
