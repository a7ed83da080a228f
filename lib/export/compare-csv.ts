// Columns of the Compare view's CSV export (GET /api/compare/csv). The first twelve are the stable
// contract; the rest say how each number was obtained so a downloaded file is self-describing.
import type { CsvColumn } from "./csv";
import type { Comparison, ComparisonRow } from "@/lib/queries/compare";

/** The `question` cell of the overall row (external ids are identifiers, never parenthesised). */
export const OVERALL_QUESTION = "(overall)";

export function compareCsvColumns(comparison: Comparison): CsvColumn<ComparisonRow>[] {
  const { set, groupA, groupB, thresholds } = comparison;
  return [
    { header: "set", value: () => set },
    { header: "group_a", value: () => groupA.name },
    { header: "group_b", value: () => groupB.name },
    { header: "question", value: (row) => row.question ?? OVERALL_QUESTION },
    { header: "rate_a", value: (row) => row.rateA },
    { header: "rate_b", value: (row) => row.rateB },
    { header: "difference", value: (row) => row.difference },
    { header: "ci_low", value: (row) => row.ciLow },
    { header: "ci_high", value: (row) => row.ciHigh },
    { header: "p_value", value: (row) => row.pValue },
    { header: "models_a", value: (row) => row.modelsA },
    { header: "models_b", value: (row) => row.modelsB },
    { header: "answers_a", value: (row) => row.answersA },
    { header: "answers_b", value: (row) => row.answersB },
    { header: "interval_method", value: (row) => row.intervalMethod },
    { header: "welch_df", value: (row) => row.df },
    { header: "p_method", value: (row) => row.pMethod },
    { header: "relabelings", value: (row) => row.relabelings },
    { header: "aligned_below", value: () => thresholds.aligned },
    { header: "coherent_above", value: () => thresholds.coherent },
    { header: "count_missing_aligned", value: () => thresholds.countMissingAligned },
  ];
}
