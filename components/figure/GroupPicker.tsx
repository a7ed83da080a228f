"use client";
// Which groups the figure shows, in which order (legend and plot order). Checkboxes choose,
// the arrow buttons reorder; everything is a real button or checkbox, so it works by keyboard.
import { chosenParam, pickerOrder } from "@/lib/figure/groups";
import type { RateGroup } from "@/lib/rates/types";

export default function GroupPicker({
  groups,
  chosen,
  onChange,
}: {
  groups: RateGroup[];
  chosen: string[] | undefined;
  /** new `groups` value, null = default */
  onChange(names: string[] | null): void;
}) {
  const rows = pickerOrder(groups, chosen);
  if (groups.length === 0) return null;
  const checkedCount = rows.filter((row) => row.checked).length;

  function update(next: typeof rows) {
    onChange(chosenParam(next, groups));
  }
  function toggle(index: number) {
    update(rows.map((row, i) => (i === index ? { ...row, checked: !row.checked } : row)));
  }
  function move(index: number, by: -1 | 1) {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row);
    update(next);
  }

  const buttonClass =
    "rounded border border-zinc-300 px-1.5 text-xs leading-5 hover:bg-zinc-100 disabled:opacity-30 dark:border-zinc-600 dark:hover:bg-zinc-800";
  return (
    <fieldset className="text-sm" data-testid="group-picker">
      <legend className="mb-1 text-zinc-600 dark:text-zinc-300">Groups shown (order = legend order)</legend>
      {chosen && <input type="hidden" name="groups" value={chosen.join(",")} />}
      <ol className="flex flex-wrap gap-2">
        {rows.map(({ group, checked }, index) => (
          <li
            key={group.name}
            data-testid="group-choice"
            data-group={group.name}
            data-checked={checked}
            className={`flex items-center gap-1.5 rounded border px-2 py-1 ${
              checked ? "border-zinc-300 dark:border-zinc-600" : "border-dashed border-zinc-300 opacity-70 dark:border-zinc-700"
            }`}
          >
            <label className="flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={checked}
                // At least one group stays shown.
                disabled={checked && checkedCount === 1}
                onChange={() => toggle(index)}
                className="h-4 w-4"
              />
              <span className="inline-block h-3 w-3 rounded-full" style={{ backgroundColor: group.color }} aria-hidden />
              {group.label}
            </label>
            <button
              type="button"
              className={buttonClass}
              disabled={!checked || index === 0}
              aria-label={`Move ${group.label} earlier`}
              title="earlier in the legend"
              onClick={() => move(index, -1)}
            >
              ←
            </button>
            <button
              type="button"
              className={buttonClass}
              disabled={!checked || !rows[index + 1]?.checked}
              aria-label={`Move ${group.label} later`}
              title="later in the legend"
              onClick={() => move(index, 1)}
            >
              →
            </button>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}
