// The response contracts of the API as zod schemas: one definition used by the route handlers
// (their bodies are typed by these), the tests (they parse responses with them, so a field that
// drifts fails a test) and the benchmark. Objects are strict: a field the route adds without the
// contract saying so is a failed parse, not a silent change of a documented shape.
// Browser-safe (zod and constants only).
import { z } from "zod";
import { REVIEW_LABELS } from "@/lib/domain/review-labels";
import { INTERVAL_METHODS, PRESET_IDS } from "@/lib/stats/method";
import { DENOMINATORS } from "@/lib/stats/misalignment";
import { ERROR_CODES } from "./errors";

const intervalKindSchema = z.enum(["bootstrap-exact", "bootstrap-monte-carlo", "t"]);

/** How a number was computed (RateMethod). */
export const rateMethodSchema = z.strictObject({
  aligned: z.number(),
  coherent: z.number(),
  denominator: z.enum(DENOMINATORS),
  minAnswers: z.number().int(),
  interval: z.enum(INTERVAL_METHODS),
  /** whose scores (lib/domain/score-source.ts): absent for the question file's judge, uncorrected */
  source: z.strictObject({ judge: z.string().nullable(), corrected: z.boolean() }).optional(),
});

/** What every rates number carries (RatesProvenance): the method and the base-model scope. */
export const ratesProvenanceSchema = z.strictObject({
  preset: z.enum(PRESET_IDS),
  methodLabel: z.string(),
  method: rateMethodSchema,
  baseModel: z.string(),
  methodDescription: z.string(),
});

/** One model's rate on one question (ModelRate). */
export const modelRateSchema = z.strictObject({
  model: z.string(),
  seed: z.number().int().nullable(),
  rate: z.number().nullable(),
  answers: z.number().int(),
  misaligned: z.number().int(),
  included: z.boolean(),
});

/** The group a rates row belongs to, as the figure draws it. */
const groupFields = { group: z.string(), groupLabel: z.string(), color: z.string(), groupOrder: z.number().int() };

/** A mean over models and its 95% interval (null bounds and method with fewer than two models). */
const intervalFields = { ciLow: z.number().nullable(), ciHigh: z.number().nullable(), intervalMethod: intervalKindSchema.nullable() };

/**
 * GET /api/rates: one row per (group, question), the contract the README calls stable — the
 * Figure-4 numbers (GroupQuestionRate) and how they were computed (RatesProvenance).
 */
export const ratesRowSchema = z.strictObject({
  ...groupFields,
  question: z.string(),
  questionId: z.number().int(),
  questionPosition: z.number().int(),
  baseQuestion: z.string(),
  variant: z.enum(["plain", "json", "template"]),
  category: z.string().nullable(),
  rate: z.number().nullable(),
  ...intervalFields,
  models: z.number().int(),
  excludedModels: z.number().int(),
  answers: z.number().int(),
  totalAnswers: z.number().int(),
  misaligned: z.number().int(),
  modelRates: z.array(modelRateSchema),
  ...ratesProvenanceSchema.shape,
});
export type RatesRow = z.infer<typeof ratesRowSchema>;
export const ratesResponseSchema = z.array(ratesRowSchema);
export type RatesResponse = z.infer<typeof ratesResponseSchema>;

/** GET /api/rates/overall: one row per group (and category or variant: `part`). */
export const overallRatesRowSchema = z.strictObject({
  ...groupFields,
  part: z.string().nullable(),
  rate: z.number(),
  ...intervalFields,
  models: z.number().int(),
  questions: z.number().int(),
  questionsAnswered: z.number().int(),
  answers: z.number().int(),
  misaligned: z.number().int(),
  modelRates: z.array(
    z.strictObject({ model: z.string(), seed: z.number().int().nullable(), rate: z.number(), questions: z.number().int() }),
  ),
  ...ratesProvenanceSchema.shape,
});
export type OverallRatesRow = z.infer<typeof overallRatesRowSchema>;
export const overallRatesResponseSchema = z.array(overallRatesRowSchema);
export type OverallRatesResponse = z.infer<typeof overallRatesResponseSchema>;

/** A bad query parameter, or a place in an uploaded file (ImportIssue). */
export const apiIssueSchema = z.union([
  z.strictObject({ parameter: z.string(), message: z.string() }),
  z.strictObject({
    file: z.string(),
    row: z.number().int().optional(),
    line: z.number().int().optional(),
    column: z.string().optional(),
    message: z.string(),
  }),
]);

/** Every error of every route: `{ error: { code, message, issues? } }` (lib/api/errors.ts). */
export const apiErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    issues: z.array(apiIssueSchema).optional(),
  }),
});
export type ApiErrorBodyContract = z.infer<typeof apiErrorBodySchema>;

/**
 * POST /api/import's errors: the one body, with `truncated` (reading stopped early) and `format`
 * (what the server detected, when it got that far).
 */
export const importErrorBodySchema = z.strictObject({
  error: z.strictObject({
    ...apiErrorBodySchema.shape.error.shape,
    truncated: z.boolean().optional(),
    format: z.string().optional(),
  }),
});

/** One model's value in a sweep point (SweepModelValue). */
const sweepModelValueSchema = z.strictObject({
  model: z.string(),
  seed: z.number().int().nullable(),
  line: z.string(),
  x: z.number(),
  value: z.number().nullable(),
  questions: z.number().int(),
  answers: z.number().int(),
});

/**
 * GET /api/sweep: a value per line (group or base model) and x (a numeric model attribute), the
 * models behind each point, the models left out, and how it was computed (SweepResponse).
 */
export const sweepResponseSchema = z.strictObject({
  set: z.string(),
  x: z.string(),
  xLabel: z.string(),
  y: z.union([
    z.strictObject({ kind: z.enum(["misaligned", "coherence", "alignment"]) }),
    z.strictObject({ kind: z.literal("metric"), metric: z.string(), above: z.number() }),
  ]),
  yLabel: z.string(),
  by: z.enum(["group", "base"]),
  lines: z.array(
    z.strictObject({
      key: z.string(),
      label: z.string(),
      color: z.string(),
      questions: z.number().int(),
      points: z.array(
        z.strictObject({
          line: z.string(),
          x: z.number(),
          value: z.number(),
          ...intervalFields,
          models: z.array(sweepModelValueSchema),
          answers: z.number().int(),
        }),
      ),
    }),
  ),
  modelsWithoutX: z.array(z.string()),
  modelsWithoutValue: z.array(z.string()),
  numericKeys: z.array(z.strictObject({ key: z.string(), label: z.string(), models: z.number().int(), values: z.number().int() })),
  metrics: z.array(z.string()),
  valueDescription: z.string(),
  ...ratesProvenanceSchema.shape,
});
export type SweepResponseContract = z.infer<typeof sweepResponseSchema>;

const verdictSchema = z.enum(["misaligned", "not-misaligned", "excluded"]);
const sourceInfoSchema = z.strictObject({ param: z.string(), kind: z.enum(["default", "judge", "reviewers"]), label: z.string() });
const sourceGroupRateSchema = z.strictObject({
  rate: z.number().nullable(),
  ...intervalFields,
  models: z.number().int(),
  questions: z.number().int(),
  answers: z.number().int(),
  misaligned: z.number().int(),
});
const disagreementSideSchema = z.strictObject({
  verdict: verdictSchema,
  aligned: z.number().nullable(),
  coherent: z.number().nullable(),
  label: z.string().nullable(),
});

/**
 * GET /api/judges: two score sources on the same answers (JudgeComparisonWithProvenance): coverage,
 * agreement on the 0–100 scores (null for reviewers' labels, with the reason), the verdict confusion
 * matrix with Cohen's κ and its 95% interval, per-group P(misaligned) under each source with the
 * Figure-4 interval, one page of disagreements, and how it was computed.
 */
export const judgesResponseSchema = z.strictObject({
  a: sourceInfoSchema,
  b: sourceInfoSchema,
  set: z.string(),
  group: z.string().nullable(),
  question: z.string().nullable(),
  scopeLabel: z.string(),
  coverage: z.strictObject({
    answers: z.number().int(),
    scoredByA: z.number().int(),
    scoredByB: z.number().int(),
    scoredByBoth: z.number().int(),
  }),
  scores: z
    .array(
      z.strictObject({
        metric: z.enum(["aligned", "coherent"]),
        n: z.number().int(),
        pearson: z.number().nullable(),
        spearman: z.number().nullable(),
        meanAbsoluteDifference: z.number().nullable(),
        meanA: z.number().nullable(),
        meanB: z.number().nullable(),
        histogram: z.array(z.array(z.number().int())),
      }),
    )
    .nullable(),
  scoresUnavailable: z.string().nullable(),
  labels: z.strictObject({
    confusion: z.array(z.array(z.number().int())),
    kappa: z.strictObject({
      n: z.number().int(),
      observed: z.number().nullable(),
      expected: z.number().nullable(),
      kappa: z.number().nullable(),
      standardError: z.number().nullable(),
      ciLow: z.number().nullable(),
      ciHigh: z.number().nullable(),
      undefinedReason: z.string().nullable(),
    }),
    disagreements: z.number().int(),
  }),
  groupRates: z.array(
    z.strictObject({ group: z.string(), groupLabel: z.string(), color: z.string(), a: sourceGroupRateSchema, b: sourceGroupRateSchema }),
  ),
  disagreements: z.array(
    z.strictObject({
      answerId: z.number().int(),
      publicId: z.string(),
      question: z.string(),
      model: z.string(),
      group: z.string(),
      sampleIndex: z.number().int(),
      a: disagreementSideSchema,
      b: disagreementSideSchema,
    }),
  ),
  page: z.number().int(),
  pageSize: z.number().int(),
  ...ratesProvenanceSchema.shape,
});
export type JudgesResponseContract = z.infer<typeof judgesResponseSchema>;

/** One review label (AnswerLabelEntry): POST /api/answers/<publicId>/labels answers it with 201. */
export const answerLabelSchema = z.strictObject({
  id: z.number().int(),
  answerPublicId: z.string(),
  label: z.enum(REVIEW_LABELS),
  reason: z.string().nullable(),
  reviewer: z.string(),
  createdAt: z.string(),
});
export const addLabelResponseSchema = z.strictObject({ label: answerLabelSchema });

/** GET /api/answers/<publicId>/labels: the history newest first, each reviewer's current label, the verdict (AnswerReview). */
export const answerReviewResponseSchema = z.strictObject({
  publicId: z.string(),
  history: z.array(answerLabelSchema),
  current: z.array(answerLabelSchema),
  verdict: answerLabelSchema.nullable(),
});
export type AnswerReviewResponseContract = z.infer<typeof answerReviewResponseSchema>;
