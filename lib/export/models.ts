// CSV columns of the model tables (stable headers: other tools read these files), and the method
// and scope every model / question number travels with (the same fields as /api/rates).
import type { CsvColumn } from "./csv";
import type { RatesProvenance } from "@/lib/api/provenance";
import type { ModelQuestionRate, ModelSummary, ModelView } from "@/lib/models/types";
import { methodCsvColumns } from "./rates";

/** Prefix of the attribute columns: `attr_lora_rank` can never be mistaken for a fixed column (an attribute may be called `seed`). */
export const ATTRIBUTE_COLUMN_PREFIX = "attr_";

/** The attribute keys any of `models` has, sorted: one CSV column each. */
export function modelAttributeKeys(models: readonly ModelSummary[]): string[] {
  return [...new Set(models.flatMap((model) => model.attributes.map((attribute) => attribute.key)))].sort();
}

/**
 * The models list; `scope` is the base-model scope the list was asked for (a name, all or
 * unknown). After the fixed columns, one per attribute key (`attributeKeys`, e.g. from
 * modelAttributeKeys): the model's number or text, empty when it has none. Text values come from
 * import manifests, so they are untrusted: csvCell neutralises a leading = + - @ like any cell.
 */
export function modelListColumns(scope: string, attributeKeys: readonly string[]): CsvColumn<ModelSummary>[] {
  return [
    { header: "model_id", value: (m) => m.id },
    { header: "model", value: (m) => m.name },
    { header: "group", value: (m) => m.group.name },
    { header: "seed", value: (m) => m.seed },
    { header: "base_model", value: (m) => m.baseModel },
    { header: "answers", value: (m) => m.answers },
    { header: "sets", value: (m) => m.sets.map((s) => `${s.name}:${s.answers}`).join("; ") },
    { header: "example_answers", value: (m) => m.examples },
    { header: "scope", value: () => scope },
    ...attributeKeys.map((key): CsvColumn<ModelSummary> => ({
      header: `${ATTRIBUTE_COLUMN_PREFIX}${key}`,
      value: (m) => m.attributes.find((attribute) => attribute.key === key)?.value,
    })),
  ];
}

export const MODEL_RATES_CSV_HEADER =
  "model,group,seed,set,question,variant,category,total_answers,counted_answers,misaligned,rate,included,missing_aligned,example_answers," +
  "group_rate,group_ci_low,group_ci_high,group_models,group_excluded_models," +
  "preset,method,base_model,aligned_below,coherent_at_least,denominator,min_answers,interval";

export function modelRateColumns(view: ModelView, provenance: RatesProvenance): CsvColumn<ModelQuestionRate>[] {
  const { model, set } = view;
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
    { header: "included", value: (r) => r.included },
    { header: "missing_aligned", value: (r) => r.missingAligned },
    { header: "example_answers", value: (r) => r.exampleAnswers },
    { header: "group_rate", value: (r) => r.groupRate },
    { header: "group_ci_low", value: (r) => r.groupCiLow },
    { header: "group_ci_high", value: (r) => r.groupCiHigh },
    { header: "group_models", value: (r) => r.groupModels },
    { header: "group_excluded_models", value: (r) => r.groupExcludedModels },
    ...methodCsvColumns<ModelQuestionRate>(provenance, (r) => r.groupIntervalMethod),
  ];
}
