// The URL parameters every view shares: scope (base model) and method (preset, thresholds,
// denominator, minimum answers, interval). One definition, spread into each view's schema and
// written back by one serializer, so every page spells them the same and every internal link
// carries them (an answer opened from a coherent-95 view is judged at coherent 95).
//
//   base=<name>|all|unknown   base model scope; absent = the base model with the most models
//   preset=betley|betley-qwen-coder|model-organisms   absent = betley
//   aligned=A  coherent=C     thresholds (absent: the preset's)
//   denominator=kept|coherent|all                     (absent: the preset's; legacy missing=count = coherent)
//   min=N                     minimum answers per model and question (absent: the preset's)
//   ci=bootstrap|t            interval over models (absent: the preset's)
//   judge=<name>              whose scores: a further judge's (answer_judge_score); absent = the
//                             question file's judge (the answers' own scores)
//   corrected=1               reviewers' labels correct the judge's verdicts (lib/domain/score-source.ts)
//   attr=key:value            repeated, at most 8: only models with these attributes (lora_rank:4,
//                             training_data:bad_medical_advice; a number compares as a number)
import { z } from "zod";
import {
  ATTRIBUTE_KEY_PATTERN,
  attributeInfo,
  attributeValueSchema,
  formatAttributeValue,
  parseAttributeValue,
  type AttributeValue,
} from "@/lib/domain/attributes";
import { DENOMINATORS } from "@/lib/stats/misalignment";
import { DEFAULT_PRESET, INTERVAL_METHODS, PRESET_IDS, PRESETS, type PresetId, type RateMethod } from "@/lib/stats/method";
import { judgeNameSchema } from "@/lib/domain/judges";
import { isDefaultSource, type ScoreSource } from "@/lib/domain/score-source";
import { optionalScore, optionalText, single } from "./common";

/** `base=all`: every base model pooled (labelled as pooling); `base=unknown`: models without one. */
export const ALL_BASE_MODELS = "all";
export const UNKNOWN_BASE_MODEL = "unknown";

/** `missing=count` (older links) meant: coherent CODE/REFUSAL answers in the denominator. */
const legacyMissing = z.preprocess(
  single,
  z.enum(["count", "exclude", "1", "0", "true", "false"], { error: "must be count or exclude" }).optional(),
);

/** One attribute filter of the scope: models whose attribute `key` equals `value`. */
export interface AttributeFilter {
  key: string;
  value: AttributeValue;
}

export const MAX_ATTRIBUTE_FILTERS = 8;

/** `lora_rank:4` → { key: "lora_rank", value: 4 }; the value is read as lib/domain/attributes.ts reads any text value. */
export function parseAttributeFilter(text: string): AttributeFilter | string {
  const colon = text.indexOf(":");
  if (colon < 0) return `"${text}" is not key:value (e.g. lora_rank:4)`;
  const key = text.slice(0, colon).trim();
  if (!ATTRIBUTE_KEY_PATTERN.test(key))
    return `"${key}" is not an attribute key (snake_case: a lower-case letter, then letters, digits or _)`;
  const parsed = attributeValueSchema.safeParse(parseAttributeValue(key, text.slice(colon + 1)));
  if (!parsed.success) return `${key}: ${parsed.error.issues[0]?.message ?? "invalid value"}`;
  return { key, value: parsed.data };
}

/** The URL value of a filter: String() for numbers, which reads back as the same double. */
export function attributeFilterParam(filter: AttributeFilter): string {
  return `${filter.key}:${String(filter.value)}`;
}

/** "LoRA rank 4", "training data bad_medical_advice" */
export function attributeFilterLabel(filter: AttributeFilter): string {
  return `${attributeInfo(filter.key).label} ${formatAttributeValue(filter.value)}`;
}

/** "models with LoRA rank 4 and training data bad_medical_advice" ("" without filters) */
export function attributeFiltersLabel(filters: readonly AttributeFilter[] | undefined): string {
  if (!filters || filters.length === 0) return "";
  return `models with ${filters.map(attributeFilterLabel).join(" and ")}`;
}

/** Absent when no filter is given (so views without one parse exactly as before the param existed). */
const attributeFiltersParam = z.preprocess(
  (value) => {
    if (value === undefined) return undefined;
    const texts = (Array.isArray(value) ? value : [value]).filter((item) => item !== "");
    return texts.length > 0 ? texts : undefined;
  },
  z
    .array(z.string().max(300, { error: "must be at most 300 characters" }))
    .max(MAX_ATTRIBUTE_FILTERS, { error: `can be given at most ${MAX_ATTRIBUTE_FILTERS} times` })
    .transform((texts, context) => {
      const filters: AttributeFilter[] = [];
      for (const text of texts) {
        const filter = parseAttributeFilter(text);
        if (typeof filter === "string") context.addIssue({ code: "custom", message: filter });
        else if (filters.some((other) => other.key === filter.key))
          context.addIssue({ code: "custom", message: `names ${filter.key} twice` });
        else filters.push(filter);
      }
      return filters;
    })
    .optional(),
);

export const methodParamShape = {
  base: optionalText(300),
  preset: z.preprocess(single, z.enum(PRESET_IDS, { error: `must be one of ${PRESET_IDS.join(", ")}` }).optional()),
  aligned: optionalScore,
  coherent: optionalScore,
  denominator: z.preprocess(single, z.enum(DENOMINATORS, { error: "must be kept, coherent or all" }).optional()),
  missing: legacyMissing,
  min: z.preprocess(
    single,
    z.coerce
      .number({ error: "must be a whole number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be 1 or more" })
      .max(100_000, { error: "is too large" })
      .optional(),
  ),
  ci: z.preprocess(single, z.enum(INTERVAL_METHODS, { error: "must be bootstrap or t" }).optional()),
  attr: attributeFiltersParam,
  judge: z.preprocess(single, judgeNameSchema.optional()),
  corrected: z.preprocess(
    single,
    z
      .enum(["1", "0", "true", "false"], { error: "must be 1 (corrected by reviewers) or 0" })
      .transform((value) => value === "1" || value === "true")
      .optional(),
  ),
};

type MethodParamsRaw = {
  base?: string;
  preset?: PresetId;
  aligned?: number;
  coherent?: number;
  denominator?: (typeof DENOMINATORS)[number];
  missing?: string;
  min?: number;
  ci?: (typeof INTERVAL_METHODS)[number];
  attr?: AttributeFilter[];
  judge?: string;
  corrected?: boolean;
};

/** A view's scope and method, resolved: the preset's values with the URL's overrides. */
export interface MethodView {
  preset: PresetId;
  method: RateMethod;
  /** the base model param as written (undefined: the default scope, resolved against the data) */
  base?: string;
  /** attribute filters narrowing the scope's models (absent or empty: none) */
  attributes?: AttributeFilter[];
}

export function resolveMethodView(params: MethodParamsRaw): MethodView {
  const preset = params.preset ?? DEFAULT_PRESET;
  const base = PRESETS[preset].method;
  const legacyDenominator = params.missing === "count" || params.missing === "1" || params.missing === "true" ? "coherent" : undefined;
  const source: ScoreSource = { judge: params.judge ?? null, corrected: params.corrected ?? false };
  return {
    preset,
    base: params.base,
    ...(params.attr && params.attr.length > 0 ? { attributes: params.attr } : {}),
    method: {
      aligned: params.aligned ?? base.aligned,
      coherent: params.coherent ?? base.coherent,
      denominator: params.denominator ?? legacyDenominator ?? base.denominator,
      minAnswers: params.min ?? base.minAnswers,
      interval: params.ci ?? base.interval,
      // only a non-default source is written: default views stay the same objects (and cache keys)
      ...(isDefaultSource(source) ? {} : { source }),
    },
  };
}

/** Writes scope and method into params: the preset when not the default, and each value that differs from it. */
export function writeMethodParams(params: URLSearchParams, view: Partial<MethodView>): URLSearchParams {
  if (view.base) params.set("base", view.base);
  for (const filter of view.attributes ?? []) params.append("attr", attributeFilterParam(filter));
  const preset = view.preset ?? DEFAULT_PRESET;
  if (preset !== DEFAULT_PRESET) params.set("preset", preset);
  if (view.method) {
    const base = PRESETS[preset].method;
    const method = view.method;
    if (method.aligned !== base.aligned) params.set("aligned", String(method.aligned));
    if (method.coherent !== base.coherent) params.set("coherent", String(method.coherent));
    if (method.denominator !== base.denominator) params.set("denominator", method.denominator);
    if (method.minAnswers !== base.minAnswers) params.set("min", String(method.minAnswers));
    if (method.interval !== base.interval) params.set("ci", method.interval);
    if (method.source?.judge) params.set("judge", method.source.judge);
    if (method.source?.corrected) params.set("corrected", "1");
  }
  return params;
}

/** The query string of a view's scope and method alone ("" at the defaults). */
export function methodQuery(view: Partial<MethodView>): string {
  return writeMethodParams(new URLSearchParams(), view).toString();
}

/** The params that travel in every internal link between views (with the question set). */
export const CARRIED_PARAMS = [
  "set",
  "base",
  "attr",
  "preset",
  "aligned",
  "coherent",
  "denominator",
  "missing",
  "min",
  "ci",
  "judge",
  "corrected",
] as const;

/** The carried params of a URL's query, for a link to another view (a repeated one, attr, with all its values). */
export function carriedQuery(search: URLSearchParams): string {
  const carried = new URLSearchParams();
  for (const key of CARRIED_PARAMS) {
    const values = key === "attr" ? search.getAll(key) : [search.get(key)];
    for (const value of values) if (value !== null && value !== "") carried.append(key, value);
  }
  return carried.toString();
}
