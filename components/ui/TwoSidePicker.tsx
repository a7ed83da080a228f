"use client";
// The pair of pickers every two-sided view has (Compare's groups, the side-by-side view's sides, the
// judge comparison's sources): A, a swap button, B. One component, so the three behave alike:
// each select is keyed by its value (a navigation that changes it re-renders the select with the
// new default), the swap button says what it swaps, and without JavaScript the selects are plain
// GET form fields named a and b.
import type { ReactNode } from "react";
import ControlSelect from "./ControlSelect";
import { controlButtonClass } from "./control-classes";

export type PickerSide = "a" | "b";

/**
 * The pair after `side` is set to `value`. With `swapOnClash`, picking the other side's value swaps
 * the two instead of putting the same thing on both sides.
 */
export function pickSide(
  current: { a?: string; b?: string },
  side: PickerSide,
  value: string,
  swapOnClash: boolean,
): { a?: string; b?: string } {
  const next = { ...current, [side]: value };
  if (swapOnClash && next.a === next.b) next[side === "a" ? "b" : "a"] = current[side];
  return next;
}

export default function TwoSidePicker({
  a,
  b,
  labels,
  swapLabel,
  testIds,
  options,
  onPick,
  onSwap,
  monospace = false,
}: {
  /** the values shown (undefined: none chosen) */
  a?: string;
  b?: string;
  /** the visible labels of the two selects, e.g. "Group a", "Side B" */
  labels: Record<PickerSide, string>;
  /** the swap button's accessible name, e.g. "Swap groups a and b" */
  swapLabel: string;
  testIds: Record<PickerSide | "swap", string>;
  /** the <option>s of each select */
  options: Record<PickerSide, ReactNode>;
  onPick(side: PickerSide, value: string): void;
  onSwap(): void;
  monospace?: boolean;
}) {
  const picker = (side: PickerSide, value: string | undefined) => (
    <ControlSelect
      label={labels[side]}
      labelClassName="min-w-0"
      name={side}
      data-testid={testIds[side]}
      defaultValue={value}
      key={`${side}-${value ?? ""}`}
      className={monospace ? "font-mono" : undefined}
      onChange={(event) => onPick(side, event.currentTarget.value)}
    >
      {options[side]}
    </ControlSelect>
  );
  return (
    <div className="flex max-w-full flex-wrap items-end gap-2">
      {picker("a", a)}
      <button
        type="button"
        data-testid={testIds.swap}
        onClick={onSwap}
        className={controlButtonClass}
        aria-label={swapLabel}
        title={swapLabel}
      >
        ⇄ Swap
      </button>
      {picker("b", b)}
    </div>
  );
}
