"use client";
// The judge comparison's controls: the two score sources (with a swap), set, group and question
// filters, thresholds, and the scope and method controls every rates view shares. A change edits
// the current URL's params and navigates (useViewNavigation); without JavaScript it is a plain GET form.
import { type FormEvent } from "react";
import ThresholdFields from "@/components/ThresholdFields";
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

const inputClass = "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";
const labelText = "text-zinc-600 dark:text-zinc-300";

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

  function onSourceChange(side: "a" | "b", value: string) {
    const next = { a, b, [side]: value };
    // Picking the other side's source swaps the two rather than comparing a source with itself.
    if (next.a === next.b) {
      const other = side === "a" ? "b" : "a";
      next[other] = side === "a" ? a : b;
    }
    navigate({ a: next.a ?? null, b: next.b ?? null, page: null });
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
        <label className="flex max-w-full flex-col gap-1 text-sm">
          <span className={labelText}>Source A</span>
          <select
            name="a"
            data-testid="select-source-a"
            defaultValue={a}
            key={`a-${a}`}
            className={`${inputClass} max-w-full`}
            onChange={(event) => onSourceChange("a", event.currentTarget.value)}
          >
            {sourceOptions}
          </select>
        </label>
        <button
          type="button"
          data-testid="swap-sources"
          onClick={() => navigate({ a: b ?? null, b: a ?? null, page: null })}
          className="rounded border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800"
          aria-label="Swap sources A and B"
          title="Swap sources A and B"
        >
          ⇄ Swap
        </button>
        <label className="flex max-w-full flex-col gap-1 text-sm">
          <span className={labelText}>Source B</span>
          <select
            name="b"
            data-testid="select-source-b"
            defaultValue={b}
            key={`b-${b}`}
            className={`${inputClass} max-w-full`}
            onChange={(event) => onSourceChange("b", event.currentTarget.value)}
          >
            {sourceOptions}
          </select>
        </label>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex max-w-full flex-col gap-1 text-sm">
          <span className={labelText}>Question set</span>
          <select
            name="set"
            defaultValue={set}
            key={`set-${set}`}
            className={`${inputClass} max-w-full`}
            onChange={(event) => navigate({ set: event.currentTarget.value, group: null, question: null, page: null })}
          >
            {sets.map((option) => (
              <option key={option.name} value={option.name}>
                {option.name} — {formatCount(option.answers)} answers
              </option>
            ))}
          </select>
        </label>
        <label className="flex max-w-full flex-col gap-1 text-sm">
          <span className={labelText}>Group</span>
          <select
            name="group"
            data-testid="select-group"
            defaultValue={group ?? ""}
            key={`g-${group}`}
            className={`${inputClass} max-w-full`}
            onChange={(event) => navigate({ group: event.currentTarget.value || null, page: null })}
          >
            <option value="">every group</option>
            {groups.map((option) => (
              <option key={option.name} value={option.name}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex max-w-full flex-col gap-1 text-sm">
          <span className={labelText}>Question</span>
          <select
            name="question"
            data-testid="select-question"
            defaultValue={question ?? ""}
            key={`q-${question}`}
            className={`${inputClass} max-w-full`}
            onChange={(event) => navigate({ question: event.currentTarget.value || null, page: null })}
          >
            <option value="">every question</option>
            {questions.map((externalId) => (
              <option key={externalId} value={externalId}>
                {externalId}
              </option>
            ))}
          </select>
        </label>
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
