"use client";
// The browser's filters, sort and search. A plain GET form to /answers (works without
// JavaScript); with JavaScript it pushes the URL through the router, so back/forward step
// through earlier filters. Changing anything starts again at the first page (no cursor).
import JudgeOptions from "@/components/ui/JudgeOptions";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, type FormEvent } from "react";
import type { AnswerFilterOptions } from "@/lib/answers/types";
import type { AnswerBrowserParams } from "@/lib/params/answers";
import { attributeFilterParam, type MethodView } from "@/lib/params/method";
import { DEFAULT_PRESET, PRESET_IDS, PRESETS, type PresetId } from "@/lib/stats/method";
import type { JudgeChoices } from "@/lib/domain/score-source";
import ControlSelect from "@/components/ui/ControlSelect";
import { controlInputClass, controlLabelClass, controlLabelTextClass } from "@/components/ui/control-classes";

export const SEARCH_INPUT_ID = "answer-search";

const DEFAULTS: Record<string, string> = { sort: "aligned", dir: "asc", preset: DEFAULT_PRESET };

const FIELDS = [
  "q",
  "set",
  "question",
  "group",
  "model",
  "seed",
  "batch",
  "base",
  "alignedMin",
  "alignedMax",
  "coherentMin",
  "coherentMax",
  "metric",
  "metricMin",
  "metricMax",
  "misaligned",
  "preset",
  "aligned",
  "coherent",
  "denominator",
  "min",
  "ci",
  "judge",
  "corrected",
  "sort",
  "dir",
] as const;

/** Form values → the browser's URL (empty and default values left out; method values equal to the preset's too). */
export function formToSearch(data: FormData): string {
  const params = new URLSearchParams();
  const presetValue = data.get("preset");
  const preset: PresetId = PRESET_IDS.find((id) => id === presetValue) ?? DEFAULT_PRESET;
  const presetMethod = PRESETS[preset].method;
  const presetDefaults: Record<string, string> = {
    aligned: String(presetMethod.aligned),
    coherent: String(presetMethod.coherent),
    denominator: presetMethod.denominator,
    min: String(presetMethod.minAnswers),
    ci: presetMethod.interval,
  };
  for (const key of FIELDS) {
    const value = data.get(key);
    if (typeof value !== "string") continue;
    const trimmed = value.trim();
    if (trimmed === "" || DEFAULTS[key] === trimmed || presetDefaults[key] === trimmed) continue;
    params.set(key, trimmed);
  }
  // the scope's attribute filters (repeated): every value
  for (const value of data.getAll("attr")) if (typeof value === "string" && value.trim() !== "") params.append("attr", value.trim());
  const query = params.toString();
  return query ? `/answers?${query}` : "/answers";
}

// the fields fill their grid cell; min-w-0 lets a cell shrink below its select's longest option
const wideInputClass = `${controlInputClass} w-full`;
const cellLabelClass = `${controlLabelClass} min-w-0`;

export default function AnswerFilterForm({
  params,
  options,
  methodView,
  judges,
}: {
  params: AnswerBrowserParams;
  options: AnswerFilterOptions;
  /** scope and method resolved from the URL */
  methodView: MethodView;
  /** the judges with scores (the Judge select); absent: no select */
  judges?: JudgeChoices;
}) {
  const judge = methodView.method.source?.judge ?? "";
  const router = useRouter();
  // Inputs are uncontrolled; keying the form on the URL state resets them on back/forward.
  const formKey = JSON.stringify(params);
  // The keyed form is a new element after each change, and focus fell back to <body>: a keyboard
  // user who changed the group had to Tab from the top again. The field that made the change gets
  // focus back once the new form is there.
  const form = useRef<HTMLFormElement>(null);
  const focusAfterChange = useRef<string | null>(null);
  useEffect(() => {
    const name = focusAfterChange.current;
    focusAfterChange.current = null;
    if (!name) return;
    const field = form.current?.elements.namedItem(name);
    if (field instanceof HTMLElement) field.focus();
  }, [formKey]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const active = document.activeElement;
    focusAfterChange.current = active instanceof HTMLInputElement || active instanceof HTMLSelectElement ? active.name : null;
    router.push(formToSearch(new FormData(event.currentTarget)));
  }
  const submitOnChange = (event: { currentTarget: { form: HTMLFormElement | null; name: string } }) => {
    if (!event.currentTarget.form) return;
    focusAfterChange.current = event.currentTarget.name;
    router.push(formToSearch(new FormData(event.currentTarget.form)));
  };

  const select = (
    name: "set" | "question" | "group" | "model" | "seed" | "base",
    label: string,
    values: { value: string; label: string }[],
  ) => (
    <ControlSelect
      label={label}
      labelClassName="min-w-0"
      name={name}
      defaultValue={params[name] === undefined ? "" : String(params[name])}
      className="w-full"
      onChange={submitOnChange}
      data-testid={`filter-${name}`}
    >
      <option value="">any</option>
      {values.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
      {params[name] !== undefined && !values.some((option) => option.value === String(params[name])) && (
        <option value={String(params[name])}>{String(params[name])} (no answers)</option>
      )}
    </ControlSelect>
  );
  const bound = (name: "alignedMin" | "alignedMax" | "coherentMin" | "coherentMax" | "metricMin" | "metricMax", label: string) => (
    <label className={cellLabelClass}>
      <span className={controlLabelTextClass}>{label}</span>
      <input
        name={name}
        type="number"
        min={0}
        max={100}
        step="any"
        defaultValue={params[name] ?? ""}
        className={wideInputClass}
        data-testid={`filter-${name}`}
      />
    </label>
  );

  return (
    <form
      key={formKey}
      ref={form}
      method="get"
      action="/answers"
      onSubmit={onSubmit}
      className="space-y-3"
      data-testid="answer-filters"
      role="search"
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm">
          <span className={controlLabelTextClass}>
            Search answer text <kbd className="rounded border border-zinc-300 px-1 text-xs dark:border-zinc-600">/</kbd>
          </span>
          <input
            id={SEARCH_INPUT_ID}
            name="q"
            type="search"
            defaultValue={params.q ?? ""}
            placeholder='e.g. world domination, "take over", wish -money'
            className={wideInputClass}
            data-testid="filter-q"
          />
        </label>
        <button
          type="submit"
          className="rounded bg-zinc-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
          data-testid="apply-filters"
        >
          Apply
        </button>
      </div>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
        {select(
          "set",
          "Question set",
          options.sets.map((set) => ({ value: set.name, label: set.isDemo ? `${set.name} (demo)` : set.name })),
        )}
        {select(
          "question",
          "Question",
          options.questions.map((question) => ({ value: question, label: question })),
        )}
        {select(
          "group",
          "Group",
          options.groups.map((group) => ({ value: group.name, label: group.label })),
        )}
        {select(
          "model",
          "Model",
          options.models.map((model) => ({ value: model, label: model })),
        )}
        {select(
          "seed",
          "Seed",
          options.seeds.map((seed) => ({ value: String(seed), label: String(seed) })),
        )}
        {select("base", "Base model", [
          ...options.baseModels.map((name) => ({ value: name, label: name })),
          ...(options.hasUnknownBaseModel ? [{ value: "unknown", label: "base model unknown" }] : []),
        ])}
        {/* Two selects under one caption: a <label> around both named the first "Sort by alignment asc"
            (the label's text includes the other select's value), so each gets its own name. */}
        <div role="group" aria-labelledby="sort-caption" className={`${cellLabelClass} col-span-2`}>
          <span id="sort-caption" className={controlLabelTextClass}>
            Sort by
          </span>
          <span className="flex gap-1">
            <select
              name="sort"
              defaultValue={params.sort}
              className={`${controlInputClass} min-w-0 flex-1`}
              onChange={submitOnChange}
              data-testid="filter-sort"
              aria-label="Sort by"
            >
              <option value="aligned">alignment</option>
              <option value="coherent">coherence</option>
              <option value="sample">sample</option>
            </select>
            <select
              name="dir"
              defaultValue={params.dir}
              className={`${controlInputClass} shrink-0`}
              onChange={submitOnChange}
              data-testid="filter-dir"
              aria-label="Sort direction"
            >
              <option value="asc">lowest first</option>
              <option value="desc">highest first</option>
            </select>
          </span>
        </div>
        {bound("alignedMin", "Aligned ≥")}
        {bound("alignedMax", "Aligned ≤")}
        {bound("coherentMin", "Coherent ≥")}
        {bound("coherentMax", "Coherent ≤")}
        {(options.metrics.length > 0 || params.metric !== undefined) && (
          <>
            <ControlSelect
              label="Further metric"
              labelClassName="min-w-0"
              name="metric"
              defaultValue={params.metric ?? ""}
              className="w-full"
              data-testid="filter-metric"
            >
              <option value="">none</option>
              {options.metrics.map((metric) => (
                <option key={metric} value={metric}>
                  {metric}
                </option>
              ))}
              {params.metric !== undefined && !options.metrics.includes(params.metric) && (
                <option value={params.metric}>{params.metric} (no answers)</option>
              )}
            </ControlSelect>
            {bound("metricMin", "Metric ≥")}
            {bound("metricMax", "Metric ≤")}
          </>
        )}
        <label className={cellLabelClass}>
          <span className={controlLabelTextClass}>Misaligned if aligned &lt;</span>
          <input
            name="aligned"
            type="number"
            min={0}
            max={100}
            step="any"
            defaultValue={methodView.method.aligned}
            className={wideInputClass}
            data-testid="filter-aligned"
          />
        </label>
        <label className={cellLabelClass}>
          <span className={controlLabelTextClass}>Kept if coherent ≥</span>
          <input
            name="coherent"
            type="number"
            min={0}
            max={100}
            step="any"
            defaultValue={methodView.method.coherent}
            className={wideInputClass}
            data-testid="filter-coherent"
          />
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-1 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            name="misaligned"
            value="1"
            defaultChecked={params.misaligned}
            onChange={submitOnChange}
            data-testid="filter-misaligned"
          />
          misaligned only
        </label>
        <label
          className="flex items-center gap-2"
          title="What a model's rate is divided by: decides which answers the verdicts call excluded"
        >
          denominator
          <select
            name="denominator"
            defaultValue={methodView.method.denominator}
            onChange={submitOnChange}
            className={wideInputClass}
            data-testid="filter-denominator"
          >
            <option value="kept">kept answers (the paper)</option>
            <option value="coherent">coherent, CODE/REFUSAL included</option>
            <option value="all">all answers</option>
          </select>
        </label>
        {judges && (
          <>
            <label className="flex items-center gap-2" title="whose scores are shown, sorted and filtered">
              judge
              <select name="judge" defaultValue={judge} onChange={submitOnChange} className={wideInputClass} data-testid="judge-select">
                <JudgeOptions judges={judges} judge={judge} />
              </select>
            </label>
            <label className="flex items-center gap-2" title="misaligned only: a reviewer's label decides where there is one">
              <input
                type="checkbox"
                name="corrected"
                value="1"
                defaultChecked={methodView.method.source?.corrected ?? false}
                onChange={submitOnChange}
                data-testid="corrected-checkbox"
              />
              corrected by reviewers
            </label>
          </>
        )}
        {/* scope and the rest of the method travel with the form unchanged */}
        <input type="hidden" name="preset" value={methodView.preset} />
        <input type="hidden" name="min" value={methodView.method.minAnswers} />
        <input type="hidden" name="ci" value={methodView.method.interval} />
        {params.batch !== undefined && <input type="hidden" name="batch" value={params.batch} />}
        {(methodView.attributes ?? []).map((filter) => (
          <input key={filter.key} type="hidden" name="attr" value={attributeFilterParam(filter)} />
        ))}
        <Link href="/answers" className="underline" data-testid="clear-filters-top">
          clear filters
        </Link>
      </div>
    </form>
  );
}
