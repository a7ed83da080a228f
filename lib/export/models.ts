// CSV columns of the model tables (stable headers: other tools read these files).
import type { CsvColumn } from "./csv";
import type { ModelQuestionRate, ModelSummary, ModelView } from "@/lib/queries/models";

export const MODEL_LIST_COLUMNS: CsvColumn<ModelSummary>[] = [
  { header: "model_id", value: (m) => m.id },
  { header: "model", value: (m) => m.name },
  { header: "group", value: (m) => m.group.name },
  { header: "seed", value: (m) => m.seed },
  { header: "base_model", value: (m) => m.baseModel },
  { header: "answers", value: (m) => m.answers },
  { header: "sets", value: (m) => m.sets.map((s) => `${s.name}:${s.answers}`).join("; ") },
];

export function modelRateColumns(view: ModelView): CsvColumn<ModelQuestionRate>[] {
  const { model, set, thresholds } = view;
  return [
    { header: "model", value: () => model.name },
    { header: "group", value: () => model.group.name },
    { header: "seed", value: () => model.seed },
    { header: "set", value: () => set.name },
    { header: "question", value: (r) => r.question },
    { header: "variant", value: (r) => r.variant },
    { header: "category", value: (r) => r.category },
    { header: "total_answers", value: (r) => r.totalAnswers },
    { header: "counted_answers", value: (r) => r.answers },
    { header: "misaligned", value: (r) => r.misaligned },
    { header: "rate", value: (r) => r.rate },
    { header: "missing_aligned", value: (r) => r.missingAligned },
    { header: "group_rate", value: (r) => r.groupRate },
    { header: "group_ci_low", value: (r) => r.groupCiLow },
    { header: "group_ci_high", value: (r) => r.groupCiHigh },
    { header: "group_models", value: (r) => r.groupModels },
    { header: "aligned_threshold", value: () => thresholds.aligned },
    { header: "coherent_threshold", value: () => thresholds.coherent },
    { header: "count_missing_aligned", value: () => thresholds.countMissingAligned === true },
  ];
}
