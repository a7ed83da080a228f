"use client";
// The base-model scope, for the lists (/models, /questions): the same choices as MethodControls'
// base select; with `judges` (the questions list, which shows rates) also the Judge select and
// "corrected by reviewers". A change is a URL change (other params kept); a plain GET form without
// JavaScript.
import { usePathname, useRouter } from "next/navigation";
import type { BaseModelOption } from "@/components/MethodControls";
import { ALL_BASE_MODELS, UNKNOWN_BASE_MODEL } from "@/lib/params/method";
import type { JudgeChoices, ScoreSource } from "@/lib/domain/score-source";
import ControlSelect from "@/components/ui/ControlSelect";
import JudgeOptions from "@/components/ui/JudgeOptions";

export default function ScopeSelect({
  base,
  baseChoices,
  keep = [],
  unknownModels = 0,
  judges,
  source,
}: {
  base: string;
  baseChoices: BaseModelOption[];
  /** models without a base model (with evaluation answers or not): their scope is offered even when no choice holds them */
  unknownModels?: number;
  /** other params of the page, kept by the form without JavaScript */
  keep?: [name: string, value: string][];
  /** the judges the page's rates can read: shows the Judge select and "corrected by reviewers" */
  judges?: JudgeChoices;
  /** the page's score source (with `judges`) */
  source?: ScoreSource;
}) {
  const router = useRouter();
  const pathname = usePathname();
  /** One param set (or removed, for null); the others kept. */
  function navigate(name: string, value: string | null) {
    const params = new URLSearchParams(window.location.search);
    if (value === null) params.delete(name);
    else params.set(name, value);
    router.push(`${pathname}?${params.toString()}`, { scroll: false });
  }
  // the form's own fields travel by themselves
  const hidden = judges ? keep.filter(([name]) => name !== "judge" && name !== "corrected") : keep;
  const named = baseChoices.filter((choice) => choice.baseModel !== null);
  const unknown = baseChoices.find((choice) => choice.baseModel === null);
  const total = baseChoices.reduce((sum, choice) => sum + choice.models, 0);
  const plural = (n: number) => `${n} model${n === 1 ? "" : "s"}`;
  return (
    <form method="get" action={pathname} className="flex flex-wrap items-end gap-3" data-testid="scope-form">
      <label className="flex max-w-full flex-col gap-1 text-sm">
        <span className="text-zinc-600 dark:text-zinc-300">Base model</span>
        <select
          name="base"
          value={base}
          className="max-w-full rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100"
          data-testid="base-select"
          onChange={(event) => navigate("base", event.currentTarget.value)}
        >
          {named.map((choice) => (
            <option key={choice.baseModel} value={choice.baseModel as string}>
              {choice.baseModel} — {plural(choice.models)}
            </option>
          ))}
          {(unknown || unknownModels > 0 || base === UNKNOWN_BASE_MODEL) && (
            <option value={UNKNOWN_BASE_MODEL}>
              base model unknown — {unknown ? plural(unknown.models) : `${plural(unknownModels)}, none with evaluation answers`}
            </option>
          )}
          <option value={ALL_BASE_MODELS}>all base models, pooled — {plural(total)}</option>
          {base !== ALL_BASE_MODELS && base !== UNKNOWN_BASE_MODEL && !named.some((choice) => choice.baseModel === base) && (
            <option value={base}>{base} — no models with evaluation answers</option>
          )}
        </select>
      </label>
      {judges && (
        <>
          <ControlSelect
            label="Judge"
            name="judge"
            value={source?.judge ?? ""}
            data-testid="judge-select"
            onChange={(event) => navigate("judge", event.currentTarget.value || null)}
          >
            <JudgeOptions judges={judges} judge={source?.judge ?? ""} />
          </ControlSelect>
          <label className="flex items-center gap-2 self-end pb-1 text-sm">
            <input
              type="checkbox"
              name="corrected"
              value="1"
              defaultChecked={source?.corrected ?? false}
              key={String(source?.corrected ?? false)}
              data-testid="corrected-checkbox"
              onChange={(event) => navigate("corrected", event.currentTarget.checked ? "1" : null)}
            />
            <span>corrected by reviewers</span>
          </label>
        </>
      )}
      {hidden.map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
      <noscript>
        <button type="submit" className="rounded border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-600">
          Show
        </button>
      </noscript>
    </form>
  );
}
