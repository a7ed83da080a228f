"use client";
// Controls of the model and question pages: set, question filter, thresholds, CODE/REFUSAL
// counting and bin width. A plain GET form (works without JavaScript); with JavaScript the URL
// is updated through the router, so the URL stays the whole view state and back/forward work.
import { usePathname, useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { BIN_WIDTHS } from "@/lib/stats/histogram";
import { DEFAULT_BIN_WIDTH } from "@/lib/stats/histogram";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";

export interface ViewControlsProps {
  sets?: { name: string; label: string }[];
  set?: string;
  questions?: string[];
  question?: string;
  aligned: number;
  coherent: number;
  missing: "exclude" | "count";
  bin: number;
}

const FIELDS = ["set", "question", "aligned", "coherent", "missing", "bin"] as const;
const DEFAULTS: Record<string, string> = {
  aligned: String(DEFAULT_THRESHOLDS.aligned),
  coherent: String(DEFAULT_THRESHOLDS.coherent),
  missing: "exclude",
  bin: String(DEFAULT_BIN_WIDTH),
};

export default function ViewControls({ sets, set, questions, question, aligned, coherent, missing, bin }: ViewControlsProps) {
  const router = useRouter();
  const pathname = usePathname();

  function navigate(form: HTMLFormElement, changed?: string) {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const key of FIELDS) {
      const value = data.get(key);
      if (typeof value !== "string" || value.trim() === "" || DEFAULTS[key] === value.trim()) continue;
      // a question belongs to a set: changing the set drops the question filter
      if (key === "question" && changed === "set") continue;
      params.set(key, value.trim());
    }
    const query = params.toString();
    router.push(`${pathname}${query ? `?${query}` : ""}`, { scroll: false });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    navigate(event.currentTarget);
  }

  const inputClass =
    "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";
  const labelClass = "flex max-w-full flex-col gap-1 text-sm";
  const captionClass = "text-zinc-600 dark:text-zinc-300";
  const autoSubmit = (name: string) => (event: { currentTarget: HTMLSelectElement }) =>
    event.currentTarget.form && navigate(event.currentTarget.form, name);

  return (
    <form method="get" action={pathname} onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" data-testid="view-controls">
      {sets && (
        <label className={labelClass}>
          <span className={captionClass}>Question set</span>
          <select name="set" defaultValue={set} key={set} className={`${inputClass} max-w-full`} onChange={autoSubmit("set")}>
            {sets.map((option) => (
              <option key={option.name} value={option.name}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {questions && (
        <label className={labelClass}>
          <span className={captionClass}>Charts for question</span>
          <select
            name="question"
            defaultValue={question ?? ""}
            key={`q${question ?? ""}`}
            className={`${inputClass} max-w-full`}
            onChange={autoSubmit("question")}
            data-testid="question-filter"
          >
            <option value="">all questions of the set</option>
            {questions.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className={labelClass}>
        <span className={captionClass}>Misaligned if aligned &lt;</span>
        <input name="aligned" type="number" min={0} max={100} step="any" defaultValue={aligned} key={`a${aligned}`} className={`${inputClass} w-24`} />
      </label>
      <label className={labelClass}>
        <span className={captionClass}>Counted if coherent &gt;</span>
        <input name="coherent" type="number" min={0} max={100} step="any" defaultValue={coherent} key={`c${coherent}`} className={`${inputClass} w-24`} />
      </label>
      <label className={labelClass}>
        <span className={captionClass}>CODE / REFUSAL answers</span>
        <select name="missing" defaultValue={missing} key={`m${missing}`} className={inputClass} onChange={autoSubmit("missing")}>
          <option value="exclude">left out (paper)</option>
          <option value="count">counted as not misaligned</option>
        </select>
      </label>
      <label className={labelClass}>
        <span className={captionClass}>Histogram bins</span>
        <select name="bin" defaultValue={String(bin)} key={`b${bin}`} className={inputClass} onChange={autoSubmit("bin")}>
          {BIN_WIDTHS.map((width) => (
            <option key={width} value={width}>
              {width} points
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="rounded bg-zinc-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
      >
        Apply
      </button>
    </form>
  );
}
