"use client";
// The side-by-side view's controls: set, the two sides (a group or one model each), the question,
// the order (seeded random with a shuffle button, or worst alignment first), "only where the
// verdicts differ", thresholds, and the scope and method controls every rates view shares. Every
// change edits the current URL (useViewNavigation) and goes back to the first page; without
// JavaScript the form is a plain GET form and still works (except the swap and shuffle buttons).
import { type FormEvent } from "react";
import MethodControls, { type BaseModelOption } from "@/components/MethodControls";
import ThresholdFields from "@/components/ui/ThresholdFields";
import { useViewNavigation } from "@/components/useViewNavigation";
import { thresholdParam } from "@/lib/params/change";
import { nextSeed, sideParam, type SideBySideOrder, type SideRef } from "@/lib/params/side-by-side";
import type { SideChoices } from "@/lib/side-by-side/types";
import type { PresetId, RateMethod } from "@/lib/stats/method";
import ControlSelect, { QuestionSetOptions } from "@/components/ui/ControlSelect";
import { controlButtonClass } from "@/components/ui/control-classes";
import TwoSidePicker from "@/components/ui/TwoSidePicker";
import type { JudgeChoices } from "@/lib/domain/score-source";

export default function SideBySideControls({
  sets,
  set,
  choices,
  questions,
  a,
  b,
  question,
  order,
  seed,
  differ,
  preset,
  method,
  base,
  baseChoices,
  judges,
}: {
  sets: { name: string; isDemo: boolean; questions: number; answers: number }[];
  set: string;
  choices: SideChoices;
  questions: string[];
  /** the sides and question as shown (resolved to the defaults when the URL names none) */
  a?: SideRef;
  b?: SideRef;
  question?: string;
  order: SideBySideOrder;
  seed: number;
  differ: boolean;
  preset: PresetId;
  method: RateMethod;
  base: string;
  baseChoices: BaseModelOption[];
  /** the default judge and the further judges (the Judge select of the method controls) */
  judges?: JudgeChoices;
}) {
  const { navigate, pending } = useViewNavigation("/side-by-side");
  // a side the pickers do not list (a model of another base model) is still shown as chosen
  const listed = (side: SideRef | undefined) =>
    !side ||
    (side.kind === "group"
      ? choices.groups.some((group) => group.name === side.name)
      : choices.models.some((model) => model.name === side.name));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    navigate({
      aligned: thresholdParam(preset, "aligned", String(data.get("aligned") ?? "")),
      coherent: thresholdParam(preset, "coherent", String(data.get("coherent") ?? "")),
      page: null,
    });
  }

  const sideOptions = (extra: SideRef | undefined) => (
    <>
      {extra && !listed(extra) && <option value={sideParam(extra)}>{extra.name}</option>}
      <optgroup label="Groups (all their models)">
        {choices.groups.map((group) => (
          <option key={group.name} value={sideParam({ kind: "group", name: group.name })}>
            {group.label} ({group.models} {group.models === 1 ? "model" : "models"})
          </option>
        ))}
      </optgroup>
      <optgroup label="One model">
        {choices.models.map((model) => (
          <option key={model.name} value={sideParam({ kind: "model", name: model.name })}>
            {model.name} ({model.group}
            {model.seed !== null ? `, seed ${model.seed}` : ""})
          </option>
        ))}
      </optgroup>
    </>
  );

  return (
    <form
      method="get"
      action="/side-by-side"
      onSubmit={onSubmit}
      className="space-y-3 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="side-by-side-controls"
      aria-busy={pending}
    >
      <MethodControls
        preset={preset}
        method={method}
        base={base}
        baseChoices={baseChoices}
        judges={judges}
        onChange={(change) => navigate({ ...change, page: null })}
      />
      <div className="flex flex-wrap items-end gap-3">
        <ControlSelect
          label="Question set"
          name="set"
          defaultValue={set}
          key={`set-${set}`}
          // another set has other questions and groups: let the defaults pick them there
          onChange={(event) => navigate({ set: event.currentTarget.value, a: null, b: null, question: null, page: null })}
        >
          <QuestionSetOptions sets={sets} />
        </ControlSelect>
        <ControlSelect
          label="Question"
          name="question"
          data-testid="select-question"
          defaultValue={question}
          key={`q-${question}`}
          className="font-mono"
          onChange={(event) => navigate({ question: event.currentTarget.value, page: null })}
        >
          {questions.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </ControlSelect>
      </div>
      <TwoSidePicker
        a={a ? sideParam(a) : undefined}
        b={b ? sideParam(b) : undefined}
        labels={{ a: "Side A", b: "Side B" }}
        swapLabel="Swap sides A and B"
        testIds={{ a: "select-side-a", b: "select-side-b", swap: "swap-sides" }}
        options={{ a: sideOptions(a), b: sideOptions(b) }}
        // the same thing on both sides is allowed here: the page says so (a notice) instead of swapping
        onPick={(side, value) => navigate({ [side]: value, page: null })}
        onSwap={() => navigate({ a: b ? sideParam(b) : null, b: a ? sideParam(a) : null, page: null })}
      />
      <div className="flex flex-wrap items-end gap-3">
        <ControlSelect
          label="Order"
          name="order"
          data-testid="select-order"
          defaultValue={order}
          key={`o-${order}`}
          onChange={(event) => navigate({ order: event.currentTarget.value === "random" ? null : event.currentTarget.value, page: null })}
        >
          <option value="random">random (seeded)</option>
          <option value="score">worst alignment first</option>
        </ControlSelect>
        {order === "random" && (
          <>
            <input type="hidden" name="seed" value={seed} />
            <button
              type="button"
              data-testid="shuffle"
              onClick={() => navigate({ seed: String(nextSeed(seed)), page: null })}
              className={controlButtonClass}
              title={`Another random order (seed ${seed} now; the seed is in the URL, so a shared link shows this order)`}
            >
              Shuffle
            </button>
          </>
        )}
        <label className="flex min-h-8 items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="differ"
            value="1"
            data-testid="differ-toggle"
            defaultChecked={differ}
            key={`d-${differ}`}
            className="h-5 w-5"
            onChange={(event) => navigate({ differ: event.currentTarget.checked ? "1" : null, page: null })}
          />
          Only pairs whose verdicts differ
        </label>
        <ThresholdFields thresholds={method} />
        <button
          type="submit"
          className="min-h-8 rounded bg-zinc-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
        >
          Apply
        </button>
        <span role="status" className="pb-1.5 text-sm text-zinc-500 dark:text-zinc-400" data-testid="side-by-side-pending">
          {pending ? "Updating…" : ""}
        </span>
      </div>
    </form>
  );
}
