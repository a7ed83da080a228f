// "Read two groups' answers side by side" from a page about one question: a plain GET form to
// /side-by-side with the two groups to choose and the page's set, question, scope and method as
// hidden fields, so it works without JavaScript and carries the view's method.
import { defaultGroupPair } from "@/lib/params/compare";
import { sideBySideQuery, sideParam, type SideBySideViewState } from "@/lib/params/side-by-side";

const inputClass =
  "min-h-8 max-w-full rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";

export default function SideBySidePicker({
  groups,
  view,
}: {
  /** the groups with answers to the question, in display order */
  groups: { name: string; label: string }[];
  /** set, question, scope and method of the page */
  view: SideBySideViewState;
}) {
  const pair = defaultGroupPair(groups.map((group) => group.name));
  if (!pair) return null;
  const hidden = [...new URLSearchParams(sideBySideQuery({ ...view, a: undefined, b: undefined })).entries()];
  const select = (side: "a" | "b", label: string) => (
    <label className="flex max-w-full flex-col gap-1 text-sm">
      <span className="text-zinc-600 dark:text-zinc-300">{label}</span>
      <select
        name={side}
        defaultValue={sideParam({ kind: "group", name: pair[side] })}
        className={inputClass}
        data-testid={`pick-side-${side}`}
      >
        {groups.map((group) => (
          <option key={group.name} value={sideParam({ kind: "group", name: group.name })}>
            {group.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      method="get"
      action="/side-by-side"
      className="flex flex-wrap items-end gap-3 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="side-by-side-picker"
      aria-label="Read two groups' answers side by side"
    >
      {hidden.map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
      {select("a", "Side A")}
      {select("b", "Side B")}
      <button
        type="submit"
        className="min-h-8 rounded bg-zinc-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
        data-testid="side-by-side-submit"
      >
        Read their answers side by side
      </button>
    </form>
  );
}
