// Choosing and ordering model groups among rate rows: pure, shared by the queries and the figure.
import type { GroupOverallRate, GroupQuestionRate, RateGroup } from "@/lib/rates/types";

/** The distinct groups of some rate rows, in the groups' display order (then by name). */
export function groupsOfRates(rows: readonly { group: string; groupLabel: string; color: string; groupOrder: number }[]): RateGroup[] {
  const byName = new Map<string, RateGroup>();
  for (const row of rows) {
    if (!byName.has(row.group)) byName.set(row.group, { name: row.group, label: row.groupLabel, color: row.color, order: row.groupOrder });
  }
  return [...byName.values()].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

/**
 * Keeps the rows of the chosen groups and orders the groups within each block (a question, or an
 * overall part) as chosen; blocks keep their order. No choice (undefined) keeps every row as is.
 */
export function applyGroupChoice<Row extends { group: string }>(
  rows: readonly Row[],
  chosen: readonly string[] | undefined,
  blockOf: (row: Row) => string,
): Row[] {
  if (!chosen) return [...rows];
  const rank = new Map(chosen.map((name, index) => [name, index]));
  const blockRank = new Map<string, number>();
  for (const row of rows) if (!blockRank.has(blockOf(row))) blockRank.set(blockOf(row), blockRank.size);
  return rows
    .filter((row) => rank.has(row.group))
    .sort(
      (a, b) =>
        (blockRank.get(blockOf(a)) as number) - (blockRank.get(blockOf(b)) as number) ||
        (rank.get(a.group) as number) - (rank.get(b.group) as number),
    );
}

/** Block keys for applyGroupChoice: a question of Figure 4, a part of the overall rates. */
export const questionBlock = (row: GroupQuestionRate) => row.question;

export const partBlock = (row: GroupOverallRate) => row.part ?? "";
