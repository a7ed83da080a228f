"use client";
// The Figure-4 view controls: question set, base model scope, method (preset, denominator, minimum
// answers, interval), live thresholds (number + slider), layout, and which groups are shown in
// which order. The URL is the view state: every
// change goes through the router (no full reload) inside a transition (components/figure/FigureNavigation.tsx:
// the figure dims while it is pending, a failed load is reported). Still a plain GET form, so it works without JavaScript.
import { useEffect, useOptimistic, useRef, useState, type FormEvent } from "react";
import { useHydrated } from "@/components/useHydrated";
import { useFigureNavigation } from "@/components/figure/FigureNavigation";
import GroupPicker from "@/components/figure/GroupPicker";
import ControlSelect, { QuestionSetOptions } from "@/components/ui/ControlSelect";
import MethodControls, { type BaseModelOption } from "@/components/MethodControls";
import { SAME_GESTURE_MS, THRESHOLD_DEBOUNCE_MS, applyParamChange, type ParamChange } from "@/lib/params/change";
import ThresholdInput from "@/components/ui/ThresholdInput";
import { toQueryString, type FigureLayout } from "@/lib/params/figure";
import type { RateGroup } from "@/lib/rates/types";
import { PRESETS, type PresetId, type RateMethod } from "@/lib/stats/method";
import type { JudgeChoices } from "@/lib/domain/score-source";

export interface SetOption {
  name: string;
  isDemo: boolean;
  answers: number;
  questions: number;
}

export default function FigureControls({
  sets,
  set,
  preset,
  method,
  base,
  baseChoices,
  judges,
  layout,
  hasVariants,
  groups,
  chosenGroups,
}: {
  sets: SetOption[];
  set: string;
  preset: PresetId;
  method: RateMethod;
  /** the scope's URL value */
  base: string;
  baseChoices: BaseModelOption[];
  judges: JudgeChoices;
  layout: FigureLayout;
  /** the set's questions come in variants (the variants layout applies) */
  hasVariants: boolean;
  /** every group with answers in this set, in display order */
  groups: RateGroup[];
  /** the `groups` param: chosen groups in order; undefined = all */
  chosenGroups: string[] | undefined;
}) {
  const { aligned, coherent } = method;
  const { navigate: go, pending: isPending, failure } = useFigureNavigation();
  const lastNavigation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Local values follow the inputs at once; the URL follows after the debounce. When the URL
  // changes from outside (back/forward, a link), the inputs take its values.
  const [values, setValues] = useState({ aligned: String(aligned), coherent: String(coherent) });
  const [fromUrl, setFromUrl] = useState({ aligned, coherent });
  if (fromUrl.aligned !== aligned || fromUrl.coherent !== coherent) {
    setFromUrl({ aligned, coherent });
    setValues({ aligned: String(aligned), coherent: String(coherent) });
  }
  // A failed load leaves the chart at the URL's settings: the inputs go back to them too.
  const [failureSeen, setFailureSeen] = useState(failure);
  if (failureSeen !== failure) {
    setFailureSeen(failure);
    if (failure) setValues({ aligned: String(aligned), coherent: String(coherent) });
  }
  useEffect(() => () => clearTimeout(timer.current), []);
  // Set once React has hydrated the form: before that, typing changes the input but no handler runs.
  const hydrated = useHydrated();

  // Discrete choices show at once and hold while the new view loads (then the URL's values rule).
  const [shown, setShown] = useOptimistic({ set, layout, chosenGroups });

  function navigate(change: ParamChange, mode: "push" | "gesture", optimistic?: Partial<typeof shown>) {
    const params = applyParamChange(new URLSearchParams(window.location.search), change);
    // A new view of the data: the answers list starts again at its first page.
    params.delete("cursor");
    params.delete("page");
    const href = `/?${toQueryString(params)}`;
    const now = Date.now();
    const replace = mode === "gesture" && now - lastNavigation.current < SAME_GESTURE_MS;
    lastNavigation.current = now;
    go(href, { replace, optimistic: optimistic && (() => setShown((current) => ({ ...current, ...optimistic }))) });
  }

  const valid = (text: string) => text.trim() !== "" && Number.isFinite(Number(text)) && Number(text) >= 0 && Number(text) <= 100;

  function thresholdChange(next: { aligned: string; coherent: string }): ParamChange {
    return {
      aligned: Number(next.aligned) === PRESETS[preset].method.aligned ? null : String(Number(next.aligned)),
      coherent: Number(next.coherent) === PRESETS[preset].method.coherent ? null : String(Number(next.coherent)),
    };
  }

  function setThreshold(key: "aligned" | "coherent", text: string) {
    const next = { ...values, [key]: text };
    setValues(next);
    clearTimeout(timer.current);
    if (!valid(next.aligned) || !valid(next.coherent)) return;
    timer.current = setTimeout(() => navigate(thresholdChange(next), "gesture"), THRESHOLD_DEBOUNCE_MS);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    clearTimeout(timer.current);
    if (valid(values.aligned) && valid(values.coherent)) navigate(thresholdChange(values), "push");
  }

  return (
    <form
      method="get"
      action="/"
      onSubmit={onSubmit}
      className="space-y-3 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="figure-controls"
      data-hydrated={hydrated || undefined}
      aria-busy={isPending}
    >
      <MethodControls
        preset={preset}
        method={method}
        base={base}
        baseChoices={baseChoices}
        judges={judges}
        onChange={(change) => navigate(change, "push")}
      />
      <div className="flex flex-wrap items-end gap-x-5 gap-y-3">
        <ControlSelect
          label="Question set"
          name="set"
          value={shown.set}
          data-testid="set-select"
          onChange={(event) =>
            navigate({ set: event.currentTarget.value, layout: null, group: null, question: null, model: null }, "push", {
              set: event.currentTarget.value,
            })
          }
        >
          <QuestionSetOptions sets={sets} />
        </ControlSelect>
        <ThresholdInput
          name="aligned"
          label="Misaligned if aligned <"
          value={values.aligned}
          valid={valid(values.aligned)}
          onChange={(text) => setThreshold("aligned", text)}
        />
        <ThresholdInput
          name="coherent"
          label="Kept if coherent ≥"
          value={values.coherent}
          valid={valid(values.coherent)}
          onChange={(text) => setThreshold("coherent", text)}
        />
        {hasVariants && (
          <ControlSelect
            label="Layout"
            name="layout"
            value={shown.layout}
            data-testid="layout-select"
            onChange={(event) => {
              const next: FigureLayout = event.currentTarget.value === "variants" ? "variants" : "questions";
              navigate({ layout: next === "variants" ? "variants" : null }, "push", { layout: next });
            }}
          >
            <option value="questions">one position per question</option>
            <option value="variants">variants side by side</option>
          </ControlSelect>
        )}
        <div className="flex items-center gap-3">
          <button
            type="submit"
            className="rounded bg-zinc-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
          >
            Apply
          </button>
          <span role="status" aria-live="polite" className="min-w-20 text-sm text-zinc-600 dark:text-zinc-300">
            {isPending && (
              <span data-testid="figure-pending" className="inline-flex items-center gap-1.5">
                <span className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />
                Updating…
              </span>
            )}
          </span>
        </div>
      </div>
      <GroupPicker
        groups={groups}
        chosen={shown.chosenGroups}
        onChange={(names) => navigate({ groups: names === null ? null : names.join(",") }, "push", { chosenGroups: names ?? undefined })}
      />
    </form>
  );
}
