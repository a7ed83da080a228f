// Orders of the Figure-4 table ("The numbers per question"): the default is the chart's order
// (/api/rates' order); a column heading sorts by that column (`tsort`, `tdir` in the URL).
// Rows without a value (no rate, no interval) go last in either direction.
import type { GroupQuestionRate } from "@/lib/rates/types";

export const RATE_TABLE_SORTS = ["chart", "group", "question", "rate", "ci", "models", "answers"] as const;
export type RateTableSort = (typeof RATE_TABLE_SORTS)[number];
export type SortDirection = "asc" | "desc";

/** The fields of a Figure-4 row the table sorts by. */
type SortableRate = Pick<GroupQuestionRate, "group" | "question" | "rate" | "ciLow" | "ciHigh" | "models" | "answers">;

/** Numbers read best largest first; names A to Z. */
export const defaultRateTableDir = (sort: RateTableSort): SortDirection =>
  sort === "group" || sort === "question" || sort === "chart" ? "asc" : "desc";

export function parseRateTableOrder(sort: string | null, dir: string | null): { sort: RateTableSort; dir: SortDirection } {
  const key = (RATE_TABLE_SORTS as readonly string[]).includes(sort ?? "") ? (sort as RateTableSort) : "chart";
  return { sort: key, dir: dir === "asc" || dir === "desc" ? dir : defaultRateTableDir(key) };
}

export function orderRateRows<R extends SortableRate>(rows: R[], { sort, dir }: { sort: RateTableSort; dir: SortDirection }): R[] {
  if (sort === "chart") return dir === "asc" ? rows : [...rows].reverse();
  const sign = dir === "asc" ? 1 : -1;
  const value = (row: R): number | string | null => {
    switch (sort) {
      case "group":
        return row.group;
      case "question":
        return row.question;
      case "rate":
        return row.rate;
      case "ci":
        // the interval's width: how uncertain the point is
        return row.ciLow === null || row.ciHigh === null ? null : row.ciHigh - row.ciLow;
      case "models":
        return row.models;
      case "answers":
        return row.answers;
    }
  };
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) return a.key === null ? (b.key === null ? a.index - b.index : 1) : -1;
      const order = typeof a.key === "string" ? a.key.localeCompare(b.key as string) : a.key - (b.key as number);
      return sign * order || a.index - b.index;
    })
    .map(({ row }) => row);
}
