"use client";
// Set, the two groups, a swap button, thresholds, CODE/REFUSAL counting and sort order. Every
// change becomes a new URL through router.push (no full reload; back/forward step through views).
// Without JavaScript the form is a plain GET form and still works (except the swap button).
import { useRouter } from "next/navigation";
import { useTransition, type FormEvent } from "react";
import { compareHref, type CompareParams, type CompareSort } from "@/lib/params/compare";

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
  view,
}: {
  sets: SetChoice[];
  groups: GroupChoice[];
  /** the view as shown (a and b resolved to the defaults when the URL names none) */
  view: Partial<CompareParams> & { set: string };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function go(next: Partial<CompareParams>) {
    startTransition(() => router.push(compareHref("/compare", next), { scroll: false }));
  }

  function fromForm(form: HTMLFormElement): Partial<CompareParams> {
    const data = new FormData(form);
    const text = (key: string) => {
      const value = data.get(key);
      return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
    };
    const number = (key: string) => {
      const value = text(key);
      return value === undefined ? undefined : Number(value);
    };
    return {
      set: text("set"),
      a: text("a"),
      b: text("b"),
      aligned: number("aligned"),
      coherent: number("coherent"),
      missing: data.get("missing") === "count" ? "count" : "exclude",
      sort: (text("sort") as CompareSort | undefined) ?? "effect",
    };
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    go(fromForm(event.currentTarget));
  }

  function onSetChange(form: HTMLFormElement) {
    // Another set has other groups: let the defaults pick the pair there.
    const next = fromForm(form);
    go({ ...next, a: undefined, b: undefined });
  }

  function onGroupChange(form: HTMLFormElement, side: "a" | "b") {
    const next = fromForm(form);
    // Picking the other side's group swaps the two rather than comparing a group with itself.
    if (next.a === next.b) {
      const other = side === "a" ? "b" : "a";
      next[other] = view[side];
    }
    go(next);
  }

  const inputClass =
    "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";
  const labelText = "text-zinc-600 dark:text-zinc-300";
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
      className="flex flex-wrap items-end gap-3"
      data-testid="compare-controls"
      aria-busy={pending}
    >
      <label className="flex max-w-full flex-col gap-1 text-sm">
        <span className={labelText}>Question set</span>
        <select
          name="set"
          defaultValue={view.set}
          key={`set-${view.set}`}
          className={`${inputClass} max-w-full`}
          onChange={(event) => event.currentTarget.form && onSetChange(event.currentTarget.form)}
        >
          {sets.map((option) => (
            <option key={option.name} value={option.name}>
              {option.name}
              {option.isDemo ? " (demo)" : ""} — {option.questions} questions, {option.answers.toLocaleString("en-US")} answers
            </option>
          ))}
        </select>
      </label>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-sm">
          <span className={labelText}>Group a</span>
          <select
            name="a"
            data-testid="select-a"
            defaultValue={view.a}
            key={`a-${view.a}`}
            className={inputClass}
            onChange={(event) => event.currentTarget.form && onGroupChange(event.currentTarget.form, "a")}
          >
            {groupOptions}
          </select>
        </label>
        <button
          type="button"
          data-testid="swap-groups"
          onClick={() => go({ ...view, a: view.b, b: view.a })}
          className="rounded border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800"
          aria-label="Swap groups a and b"
          title="Swap groups a and b"
        >
          ⇄ Swap
        </button>
        <label className="flex flex-col gap-1 text-sm">
          <span className={labelText}>Group b</span>
          <select
            name="b"
            data-testid="select-b"
            defaultValue={view.b}
            key={`b-${view.b}`}
            className={inputClass}
            onChange={(event) => event.currentTarget.form && onGroupChange(event.currentTarget.form, "b")}
          >
            {groupOptions}
          </select>
        </label>
      </div>
      <label className="flex flex-col gap-1 text-sm">
        <span className={labelText}>Misaligned if aligned &lt;</span>
        <input name="aligned" type="number" min={0} max={100} step="any" defaultValue={view.aligned} key={`al-${view.aligned}`} className={`${inputClass} w-24`} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className={labelText}>Counted if coherent &gt;</span>
        <input name="coherent" type="number" min={0} max={100} step="any" defaultValue={view.coherent} key={`co-${view.coherent}`} className={`${inputClass} w-24`} />
      </label>
      <label className="flex items-center gap-2 pb-1 text-sm">
        <input
          type="checkbox"
          name="missing"
          value="count"
          defaultChecked={view.missing === "count"}
          key={`m-${view.missing}`}
          onChange={(event) => event.currentTarget.form && go(fromForm(event.currentTarget.form))}
        />
        <span className={labelText}>Count CODE/REFUSAL answers</span>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className={labelText}>Sort by</span>
        <select
          name="sort"
          data-testid="select-sort"
          defaultValue={view.sort}
          key={`s-${view.sort}`}
          className={inputClass}
          onChange={(event) => event.currentTarget.form && go(fromForm(event.currentTarget.form))}
        >
          <option value="effect">effect size</option>
          <option value="question">question order</option>
          <option value="p">p-value</option>
        </select>
      </label>
      <button
        type="submit"
        className="rounded bg-zinc-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
      >
        Apply
      </button>
      <span role="status" className="pb-1.5 text-sm text-zinc-500 dark:text-zinc-400" data-testid="compare-pending">
        {pending ? "Updating…" : ""}
      </span>
    </form>
  );
}
