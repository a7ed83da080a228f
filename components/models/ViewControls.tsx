"use client";
// Controls of the model and question pages: base-model scope and method (the shared
// MethodControls: base model, preset, denominator, minimum answers, interval), then set, question
// filter, thresholds and bin width. Each change is a URL change through the router (the URL is the
// whole view state, back/forward work); still a plain GET form, so it works without JavaScript.
import { usePathname, useRouter } from "next/navigation";
import { type FormEvent } from "react";
import ThresholdFields from "@/components/ui/ThresholdFields";
import ControlSelect from "@/components/ui/ControlSelect";
import MethodControls, { type BaseModelOption } from "@/components/MethodControls";
import type { JudgeChoices } from "@/lib/domain/score-source";
import { applyParamChange, type ParamChange } from "@/lib/params/change";
import { BIN_WIDTHS, DEFAULT_BIN_WIDTH } from "@/lib/stats/histogram";
import { PRESETS, type PresetId, type RateMethod } from "@/lib/stats/method";

export interface ViewControlsProps {
  preset: PresetId;
  method: RateMethod;
  /** the scope's URL value: a base model name, all or unknown */
  base: string;
  baseChoices: BaseModelOption[];
  sets?: { name: string; label: string }[];
  set?: string;
  questions?: string[];
  question?: string;
  bin: number;
  /** the judges the page can read scores from (the Judge select and "corrected by reviewers") */
  judges?: JudgeChoices;
}

export default function ViewControls({
  preset,
  method,
  base,
  baseChoices,
  sets,
  set,
  questions,
  question,
  bin,
  judges,
}: ViewControlsProps) {
  const router = useRouter();
  const pathname = usePathname();

  function navigate(change: ParamChange) {
    const params = applyParamChange(new URLSearchParams(window.location.search), change);
    const query = params.toString();
    router.push(`${pathname}${query ? `?${query}` : ""}`, { scroll: false });
  }

  /** A threshold param: absent when it is the preset's value (links stay short). */
  function threshold(key: "aligned" | "coherent", text: FormDataEntryValue | null): string | null {
    if (typeof text !== "string" || text.trim() === "") return null;
    const value = Number(text);
    return Number.isFinite(value) && value === PRESETS[preset].method[key] ? null : text.trim();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    navigate({ aligned: threshold("aligned", data.get("aligned")), coherent: threshold("coherent", data.get("coherent")) });
  }

  return (
    <form
      method="get"
      action={pathname}
      onSubmit={onSubmit}
      className="space-y-3 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="view-controls"
    >
      <MethodControls preset={preset} method={method} base={base} baseChoices={baseChoices} judges={judges} onChange={navigate} />
      <div className="flex flex-wrap items-end gap-3">
        {sets && (
          <ControlSelect
            label="Question set"
            name="set"
            defaultValue={set}
            key={set}
            data-testid="set-select"
            // a question belongs to a set: changing the set drops the question filter
            onChange={(event) => navigate({ set: event.currentTarget.value, question: null })}
          >
            {sets.map((option) => (
              <option key={option.name} value={option.name}>
                {option.label}
              </option>
            ))}
          </ControlSelect>
        )}
        {questions && (
          <ControlSelect
            label="Charts for question"
            name="question"
            defaultValue={question ?? ""}
            key={`q${question ?? ""}`}
            onChange={(event) => navigate({ question: event.currentTarget.value || null })}
            data-testid="question-filter"
          >
            <option value="">all questions of the set</option>
            {questions.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </ControlSelect>
        )}
        <ThresholdFields thresholds={method} />
        <ControlSelect
          label="Histogram bins"
          name="bin"
          defaultValue={String(bin)}
          key={`b${bin}`}
          onChange={(event) => {
            const value = event.currentTarget.value;
            navigate({ bin: value === String(DEFAULT_BIN_WIDTH) ? null : value });
          }}
        >
          {BIN_WIDTHS.map((width) => (
            <option key={width} value={width}>
              {width} points
            </option>
          ))}
        </ControlSelect>
        <button
          type="submit"
          className="rounded bg-zinc-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
        >
          Apply
        </button>
      </div>
    </form>
  );
}
