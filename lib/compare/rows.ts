// Ordering a comparison's rows: pure, shared by the page, the JSON and the CSV.
import type { CompareSort } from "@/lib/params/compare";
import type { ComparisonRow } from "@/lib/compare/types";

/** Rows in the chosen order; by effect or p, rows without a difference last; ties in question order. */
export function sortComparisonRows(rows: ComparisonRow[], sort: CompareSort): ComparisonRow[] {
  const position = (row: ComparisonRow) => row.questionPosition ?? -1;
  const key = (row: ComparisonRow): number | null => {
    if (sort === "question") return position(row);
    if (row.difference === null) return null;
    return sort === "effect" ? -Math.abs(row.difference) : row.pValue;
  };
  return [...rows].sort((x, y) => {
    const kx = key(x);
    const ky = key(y);
    if (kx === null || ky === null) {
      if (kx !== ky) return kx === null ? 1 : -1;
    } else if (kx !== ky) return kx - ky;
    // p ties (common with few seeds): larger effect first, then question order
    if (sort === "p" && x.difference !== null && y.difference !== null && Math.abs(y.difference) !== Math.abs(x.difference)) {
      return Math.abs(y.difference) - Math.abs(x.difference);
    }
    return position(x) - position(y) || (x.question ?? "").localeCompare(y.question ?? "");
  });
}
