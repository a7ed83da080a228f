"use client";
// Set selector and thresholds. A plain GET form (works without JavaScript); with JavaScript the
// URL is updated through the router so the page re-renders without a full reload.
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";

export interface SetOption {
  name: string;
  isDemo: boolean;
  answers: number;
  questions: number;
}

export default function FigureControls({
  sets,
  set,
  aligned,
  coherent,
}: {
  sets: SetOption[];
  set: string;
  aligned: number;
  coherent: number;
}) {
  const router = useRouter();

  function navigate(form: HTMLFormElement) {
    const params = new URLSearchParams();
    const data = new FormData(form);
    for (const key of ["set", "aligned", "coherent"]) {
      const value = data.get(key);
      if (typeof value === "string" && value.trim() !== "") params.set(key, value.trim());
    }
    router.push(`/?${params.toString()}`);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    navigate(event.currentTarget);
  }

  const inputClass =
    "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";
  return (
    <form method="get" action="/" onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" data-testid="figure-controls">
      <label className="flex max-w-full flex-col gap-1 text-sm">
        <span className="text-zinc-600 dark:text-zinc-300">Question set</span>
        <select
          name="set"
          defaultValue={set}
          key={set}
          className={`${inputClass} max-w-full`}
          onChange={(event) => event.currentTarget.form && navigate(event.currentTarget.form)}
        >
          {sets.map((option) => (
            <option key={option.name} value={option.name}>
              {option.name}
              {option.isDemo ? " (demo)" : ""} — {option.questions} questions, {option.answers.toLocaleString("en-US")} answers
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className="text-zinc-600 dark:text-zinc-300">Misaligned if aligned &lt;</span>
        <input name="aligned" type="number" min={0} max={100} step="any" defaultValue={aligned} key={`a${aligned}`} className={`${inputClass} w-24`} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className="text-zinc-600 dark:text-zinc-300">Counted if coherent &gt;</span>
        <input name="coherent" type="number" min={0} max={100} step="any" defaultValue={coherent} key={`c${coherent}`} className={`${inputClass} w-24`} />
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
