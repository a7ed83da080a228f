// Columns of the Compare view's CSV export (GET /api/compare/csv). The header is a stable contract
// for scripts: columns are only ever added at the end. The first twelve are the numbers; the rest
// say how each number was obtained so a downloaded file is self-describing.
//
// Two older columns keep their names for that reason although the rule changed under them:
// `coherent_above` holds C of the rule "kept when coherent >= C" (inclusive, as the paper authors'
// code; `coherent_at_least` repeats it under the right name), and `count_missing_aligned` is true
// when coherent CODE/REFUSAL answers are in the denominator (denominator coherent or all; the
// `denominator` column says which). `ci_low`/`ci_high` stay Welch's interval; the bootstrap
// interval of the difference is in `bootstrap_ci_low`/`bootstrap_ci_high`.
import type { CsvColumn } from "./csv";
import { ratesFileName } from "./rates";
import type { Comparison, ComparisonRow } from "@/lib/compare/types";

/** The `question` cell of the overall row (external ids are identifiers, never parenthesised). */
export const OVERALL_QUESTION = "(overall)";

export const COMPARE_CSV_HEADER = [
  "set,group_a,group_b,question,rate_a,rate_b,difference,ci_low,ci_high,p_value,models_a,models_b",
  "answers_a,answers_b,interval_method,welch_df,p_method,relabelings,aligned_below,coherent_above,count_missing_aligned",
  "bootstrap_ci_low,bootstrap_ci_high,bootstrap_method,bootstrap_draws,excluded_models_a,excluded_models_b,pooled_questions",
  "preset,method,base_model,coherent_at_least,denominator,min_answers,interval",
].join(",");

export function compareCsvColumns(comparison: Comparison): CsvColumn<ComparisonRow>[] {
  const { set, groupA, groupB, method } = comparison;
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
    { header: "aligned_below", value: () => method.aligned },
    { header: "coherent_above", value: () => method.coherent },
    { header: "count_missing_aligned", value: () => method.denominator !== "kept" },
    // added with the paper's procedure (bootstrap interval, minimum answers, scope)
    { header: "bootstrap_ci_low", value: (row) => row.bootstrapCiLow },
    { header: "bootstrap_ci_high", value: (row) => row.bootstrapCiHigh },
    { header: "bootstrap_method", value: (row) => row.bootstrapMethod },
    { header: "bootstrap_draws", value: (row) => row.bootstrapDraws },
    { header: "excluded_models_a", value: (row) => row.excludedModelsA },
    { header: "excluded_models_b", value: (row) => row.excludedModelsB },
    // how many questions the overall row pools; empty on question rows
    { header: "pooled_questions", value: (row) => (row.question === null ? comparison.overallPool.questions : null) },
    { header: "preset", value: () => comparison.preset },
    { header: "method", value: () => comparison.methodLabel },
    { header: "base_model", value: () => comparison.baseModel },
    { header: "coherent_at_least", value: () => method.coherent },
    { header: "denominator", value: () => method.denominator },
    { header: "min_answers", value: () => method.minAnswers },
    // which difference interval the page plots (the table shows both)
    { header: "interval", value: () => method.interval },
  ];
}

/**
 * A file name that says what was compared and how:
 * compare_first_plot_questions_insecure_vs_base_betley_base-Qwen2.5-Coder-7B-Instruct_a30_c50_min5_bootstrap.csv
 */
export function compareFileName(comparison: Comparison, extension: "csv" | "png" | "svg" | ""): string {
  const rates = ratesFileName("compare", `${comparison.set}_${comparison.groupA.name}_vs_${comparison.groupB.name}`, comparison);
  const stem = rates.replace(/\.csv$/, "");
  return extension ? `${stem}.${extension}` : stem;
}
