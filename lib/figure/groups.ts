// The group chooser's logic: which groups are shown, in which order, and how that is written
// into the URL's `groups` parameter (left out when it is the default: all, in display order).
import type { RateGroup } from "@/lib/rates/types";

export interface PickerRow {
  group: RateGroup;
  checked: boolean;
}

/** The picker's rows: chosen groups in their chosen order, then the others in display order. */
export function pickerOrder(groups: RateGroup[], chosen: string[] | undefined): PickerRow[] {
  if (!chosen) return groups.map((group) => ({ group, checked: true }));
  const byName = new Map(groups.map((group) => [group.name, group]));
  const picked = chosen.flatMap((name) => (byName.has(name) ? [{ group: byName.get(name) as RateGroup, checked: true }] : []));
  const rest = groups.filter((group) => !chosen.includes(group.name)).map((group) => ({ group, checked: false }));
  return [...picked, ...rest];
}

/** The `groups` value for the rows; null when it is the default (all groups in display order). */
export function chosenParam(rows: PickerRow[], groups: RateGroup[]): string[] | null {
  const names = rows.filter((row) => row.checked).map((row) => row.group.name);
  const isDefault = names.length === groups.length && names.every((name, index) => name === groups[index].name);
  return isDefault ? null : names;
}
