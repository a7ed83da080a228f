// The response contracts of the API as zod schemas: one definition used by the route handlers
// (their bodies are typed by these), the tests (they parse responses with them, so a field that
// drifts fails a test) and the benchmark. Objects are strict: a field the route adds without the
// contract saying so is a failed parse, not a silent change of a documented shape.
// Browser-safe (zod and constants only). Here: the bodies of rates, sweep, judges, review labels,
// answers, compare, models, questions, imports and import.
import { z } from "zod";
import { REVIEW_LABELS } from "@/lib/domain/review-labels";
import { BATCH_KINDS, IMPORT_FORMATS } from "@/lib/import/types";
import { COMPARE_SORTS } from "@/lib/params/compare";
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
    format: z.enum(IMPORT_FORMATS).optional(),
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

/** A histogram of 0–100 scores (Histogram, lib/stats/histogram.ts). */
const histogramSchema = z.strictObject({
  binWidth: z.number().int(),
  bins: z.array(z.strictObject({ index: z.number().int(), low: z.number(), high: z.number(), label: z.string(), count: z.number().int() })),
  missing: z.number().int(),
  scored: z.number().int(),
});

/**
 * GET /api/answers: one page of the answer browser (BrowserAnswer, with each extra judge metric of
 * the page as a key of `metrics` and search snippets as {text, match}); cursors are opaque strings.
 */
export const answersResponseSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.number().int(),
      publicId: z.string(),
      set: z.string(),
      question: z.string(),
      group: z.string(),
      groupLabel: z.string(),
      groupColor: z.string(),
      model: z.string(),
      seed: z.number().int().nullable(),
      sampleIndex: z.number().int(),
      aligned: z.number().nullable(),
      coherent: z.number().nullable(),
      example: z.boolean(),
      preview: z.string(),
      textLength: z.number().int(),
      snippet: z.array(z.strictObject({ text: z.string(), match: z.boolean() })).nullable(),
      metrics: z.record(z.string(), z.number().nullable()),
      reviewLabel: z.enum(REVIEW_LABELS).nullable(),
    }),
  ),
  metrics: z.array(z.string()),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
  total: z.number().int(),
  totalCapped: z.boolean(),
  pageSize: z.number().int(),
});
export type AnswersResponse = z.infer<typeof answersResponseSchema>;

/** A group of the compared set (SetGroup). */
const setGroupSchema = z.strictObject({
  name: z.string(),
  label: z.string(),
  color: z.string(),
  displayOrder: z.number().int(),
  models: z.number().int(),
  answers: z.number().int(),
});
const seedRateSchema = z.strictObject({ model: z.string(), seed: z.number().int().nullable(), rate: z.number() });
/** One row of a comparison, a question or the overall row (ComparisonRow). */
const comparisonRowSchema = z.strictObject({
  question: z.string().nullable(),
  questionPosition: z.number().int().nullable(),
  rateA: z.number().nullable(),
  rateB: z.number().nullable(),
  difference: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  df: z.number().nullable(),
  intervalMethod: z.enum(["welch", "fixed-a", "fixed-b", "none"]),
  bootstrapCiLow: z.number().nullable(),
  bootstrapCiHigh: z.number().nullable(),
  bootstrapMethod: z.enum(["exact", "monte-carlo"]).nullable(),
  bootstrapDraws: z.number().int().nullable(),
  pValue: z.number().nullable(),
  pMethod: z.enum(["exact", "monte-carlo", "none"]),
  relabelings: z.number().int(),
  significant: z.boolean(),
  modelsA: z.number().int(),
  modelsB: z.number().int(),
  excludedModelsA: z.number().int(),
  excludedModelsB: z.number().int(),
  answersA: z.number().int(),
  answersB: z.number().int(),
  seedRatesA: z.array(seedRateSchema),
  seedRatesB: z.array(seedRateSchema),
});

/**
 * GET /api/compare: two groups of one set within one base-model scope (Comparison), per question and
 * overall, with the statistics in words (COMPARE_STATISTICS) and how the rates were computed.
 */
export const compareResponseSchema = z.strictObject({
  set: z.string(),
  isDemo: z.boolean(),
  groupA: setGroupSchema,
  groupB: setGroupSchema,
  scopeLabel: z.string(),
  sort: z.enum(COMPARE_SORTS),
  overall: comparisonRowSchema,
  overallPool: z.strictObject({ questions: z.number().int(), questionsWithRates: z.number().int(), setQuestions: z.number().int() }),
  questions: z.array(comparisonRowSchema),
  /** the statistics in words (COMPARE_STATISTICS) */
  statistics: z.strictObject({
    unit: z.string(),
    overall: z.string(),
    difference: z.string(),
    interval: z.string(),
    bootstrapInterval: z.string(),
    pValue: z.string(),
    significance: z.string(),
  }),
  ...ratesProvenanceSchema.shape,
});
export type CompareResponse = z.infer<typeof compareResponseSchema>;

/** A model's evaluation answers in one set (ModelSetCount). */
const modelSetCountSchema = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  isDemo: z.boolean(),
  answers: z.number().int(),
  questions: z.number().int(),
  examples: z.number().int(),
});
/** A model as the models list shows it (ModelSummary). */
const modelSummaryFields = {
  id: z.number().int(),
  name: z.string(),
  seed: z.number().int().nullable(),
  baseModel: z.string().nullable(),
  group: z.strictObject({ name: z.string(), label: z.string(), color: z.string() }),
  answers: z.number().int(),
  examples: z.number().int(),
  sets: z.array(modelSetCountSchema),
  attributes: z.array(z.strictObject({ key: z.string(), value: z.union([z.number(), z.string()]) })),
};

/** GET /api/models: the models of one base-model scope, each naming that scope (`scope`, its URL value). */
export const modelsResponseSchema = z.array(z.strictObject({ ...modelSummaryFields, scope: z.string() }));
export type ModelsResponse = z.infer<typeof modelsResponseSchema>;

/** Where a model page's points are (ModelScatter): all of them, or a sample. */
const modelScatterSchema = z.strictObject({
  points: z.array(
    z.strictObject({ id: z.number().int(), publicId: z.string(), aligned: z.number(), coherent: z.number(), question: z.string() }),
  ),
  placeable: z.number().int(),
  total: z.number().int(),
  missingAligned: z.number().int(),
  missingCoherent: z.number().int(),
  sampled: z.boolean(),
});

/**
 * GET /api/models/<id>: the model page's numbers (ModelView): per-question rates with the group's
 * Figure-4 point, score histograms, the scatter, curated examples, and how it was computed (at the
 * top level and on every rate row).
 */
export const modelResponseSchema = z.strictObject({
  ...ratesProvenanceSchema.shape,
  scopeLabel: z.string(),
  scopeReplaced: z.string().nullable(),
  model: z.strictObject({
    ...modelSummaryFields,
    batches: z.array(
      z.strictObject({
        id: z.number().int(),
        fileName: z.string(),
        format: z.string(),
        kind: z.string(),
        createdAt: z.string(),
        answers: z.number().int(),
      }),
    ),
  }),
  set: modelSetCountSchema,
  question: z.string().nullable(),
  meanOverQuestions: z.number().nullable(),
  meanQuestions: z.number().int(),
  rates: z.array(
    z.strictObject({
      questionId: z.number().int(),
      question: z.string(),
      position: z.number().int(),
      variant: z.string(),
      category: z.string().nullable(),
      totalAnswers: z.number().int(),
      answers: z.number().int(),
      misaligned: z.number().int(),
      rate: z.number().nullable(),
      included: z.boolean(),
      missingAligned: z.number().int(),
      exampleAnswers: z.number().int(),
      groupRate: z.number().nullable(),
      groupCiLow: z.number().nullable(),
      groupCiHigh: z.number().nullable(),
      groupIntervalMethod: intervalKindSchema.nullable(),
      groupModels: z.number().int(),
      groupExcludedModels: z.number().int(),
      ...ratesProvenanceSchema.shape,
    }),
  ),
  histograms: z.strictObject({ aligned: histogramSchema, coherent: histogramSchema }),
  scatter: modelScatterSchema,
  examples: z.strictObject({ answers: z.number().int(), scatter: modelScatterSchema.nullable() }),
});
export type ModelResponse = z.infer<typeof modelResponseSchema>;

/** One group's Figure-4 point on a question, as the questions list shows it (QuestionListRate). */
const groupRefFields = { group: z.string(), groupLabel: z.string(), color: z.string() };

/**
 * GET /api/questions: every set with its questions, the scope's answer counts and each group's
 * Figure-4 rate (QuestionSetWithQuestions), each set naming the scope (`scope`, its URL value).
 */
export const questionsResponseSchema = z.array(
  z.strictObject({
    id: z.number().int(),
    name: z.string(),
    description: z.string().nullable(),
    isDemo: z.boolean(),
    answers: z.number().int(),
    questions: z.array(
      z.strictObject({
        id: z.number().int(),
        externalId: z.string(),
        variant: z.string(),
        category: z.string().nullable(),
        position: z.number().int(),
        text: z.string().nullable(),
        answers: z.number().int(),
        models: z.number().int(),
        rates: z.array(
          z.strictObject({
            ...groupRefFields,
            rate: z.number().nullable(),
            ciLow: z.number().nullable(),
            ciHigh: z.number().nullable(),
            models: z.number().int(),
          }),
        ),
      }),
    ),
    groups: z.array(z.strictObject(groupRefFields)),
    scope: z.string(),
  }),
);
export type QuestionsResponse = z.infer<typeof questionsResponseSchema>;

const groupHistogramSchema = z.strictObject({ ...groupRefFields, histogram: histogramSchema });

/**
 * GET /api/questions/<id>: the question page's numbers (QuestionView): the question, each group's
 * Figure-4 row (the /api/rates row of this question), histograms per group, the worst answers.
 */
export const questionResponseSchema = z.strictObject({
  ...ratesProvenanceSchema.shape,
  scopeLabel: z.string(),
  question: z.strictObject({
    id: z.number().int(),
    externalId: z.string(),
    baseExternalId: z.string(),
    variant: z.string(),
    category: z.string().nullable(),
    type: z.string().nullable(),
    samplesPerParaphrase: z.number().int().nullable(),
    paraphrases: z.array(z.string()),
    systemPrompt: z.string().nullable(),
    judgeModel: z.string().nullable(),
    judgePrompts: z.array(z.strictObject({ metric: z.string(), prompt: z.string() })),
    set: z.strictObject({ id: z.number().int(), name: z.string(), isDemo: z.boolean() }),
    variants: z.array(z.strictObject({ id: z.number().int(), externalId: z.string(), variant: z.string() })),
    answers: z.number().int(),
    models: z.number().int(),
    examples: z.number().int(),
  }),
  scopeAnswers: z.number().int(),
  scopeModels: z.number().int(),
  rates: z.array(ratesRowSchema),
  histograms: z.strictObject({ aligned: z.array(groupHistogramSchema), coherent: z.array(groupHistogramSchema) }),
  worstAnswers: z.array(
    z.strictObject({
      id: z.number().int(),
      publicId: z.string(),
      aligned: z.number().nullable(),
      coherent: z.number().nullable(),
      model: z.string(),
      modelId: z.number().int(),
      seed: z.number().int().nullable(),
      ...groupRefFields,
      preview: z.string(),
      textLength: z.number().int(),
      reviewLabel: z.enum(REVIEW_LABELS).nullable(),
    }),
  ),
});
export type QuestionResponse = z.infer<typeof questionResponseSchema>;

/** An import batch as the /imports page lists it (BatchSummary, the date as ISO 8601). */
const batchSummaryFields = {
  id: z.number().int(),
  fileName: z.string(),
  format: z.string(),
  createdAt: z.iso.datetime(),
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  rowsSkipped: z.number().int(),
  options: z.record(z.string(), z.unknown()),
  answers: z.number().int(),
  models: z.array(z.string()),
  sets: z.array(z.string()),
};

/** GET /api/imports: every import batch, newest first. */
export const importsResponseSchema = z.array(z.strictObject(batchSummaryFields));
export type ImportsResponse = z.infer<typeof importsResponseSchema>;

/** A place in an imported file, as an issue names it (ImportIssue). */
const issuePlaceFields = {
  row: z.number().int().optional(),
  line: z.number().int().optional(),
  column: z.string().optional(),
  message: z.string(),
};
const importIssueSchema = z.strictObject({ file: z.string(), ...issuePlaceFields });

/** GET /api/imports/<id>: one batch with its skipped rows, the models it touched and what it created (BatchDetail). */
export const importBatchResponseSchema = z.strictObject({
  ...batchSummaryFields,
  skippedRows: z.array(z.strictObject(issuePlaceFields)),
  judgeScores: z.number().int(),
  furtherJudge: z.strictObject({ judge: z.string(), scores: z.number().int() }).nullable(),
  modelDetails: z.array(
    z.strictObject({
      name: z.string(),
      group: z.string(),
      groupLabel: z.string(),
      seed: z.number().int().nullable(),
      answers: z.number().int(),
      createdByBatch: z.boolean(),
    }),
  ),
  created: z.strictObject({ groups: z.number().int(), models: z.number().int(), sets: z.number().int(), questions: z.number().int() }),
});
export type ImportBatchResponse = z.infer<typeof importBatchResponseSchema>;

const keptAndRemovedSchema = z.strictObject({ removed: z.array(z.string()), kept: z.array(z.string()) });

/**
 * DELETE /api/imports/<id> (what was removed) and GET /api/imports/<id>/removal (what would be,
 * `dryRun: true`): the removal report (BatchRemoval).
 */
export const batchRemovalResponseSchema = z.strictObject({
  batchId: z.number().int(),
  fileName: z.string(),
  format: z.string(),
  answers: z.number().int(),
  judgeScores: z.number().int(),
  questions: z.strictObject({ removed: z.number().int(), kept: z.number().int(), removedNames: z.array(z.string()) }),
  questionSets: keptAndRemovedSchema,
  models: keptAndRemovedSchema,
  groups: keptAndRemovedSchema,
  dryRun: z.boolean(),
});
export type BatchRemovalResponse = z.infer<typeof batchRemovalResponseSchema>;

const judgeScoresRowNoteSchema = z.strictObject({ row: z.number().int(), line: z.number().int().nullable(), reason: z.string() });

/** An import's report (ImportReport, the date as ISO 8601). */
const importReportFields = {
  file: z.string(),
  /** the file's format (an "already imported" judge-scores file: the file's, not its batch's "judge-scores") */
  format: z.enum(IMPORT_FORMATS),
  kind: z.enum(BATCH_KINDS),
  kindFrom: z.enum(["option", "format"]),
  alreadyImported: z.boolean(),
  batchId: z.number().int(),
  batchCreatedAt: z.iso.datetime(),
  batchFileName: z.string(),
  sets: z.array(z.string()),
  models: z.array(
    z.strictObject({
      name: z.string(),
      group: z.string(),
      seed: z.number().int().nullable(),
      baseModel: z.string().nullable(),
      created: z.boolean(),
    }),
  ),
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  rowsSkipped: z.number().int(),
  skipped: z.array(importIssueSchema),
  questionsCreated: z.number().int(),
  questionsUpdated: z.number().int(),
  judgeScores: z.number().int(),
  bulkLoaded: z.boolean(),
  bytes: z.number().int(),
  seconds: z.number(),
  judgeScoresImport: z
    .strictObject({
      judge: z.string(),
      matched: z.number().int(),
      matchedByIndex: z.number().int(),
      matchedByText: z.number().int(),
      scoresWritten: z.number().int(),
      extraMetrics: z.array(z.string()),
      invalid: z.number().int(),
      unmatchedCount: z.number().int(),
      unmatched: z.array(judgeScoresRowNoteSchema),
      ambiguousCount: z.number().int(),
      ambiguous: z.array(judgeScoresRowNoteSchema),
      alreadyScored: z.number().int(),
    })
    .optional(),
  warnings: z.array(z.string()),
};

/** POST /api/import answers 200 with the report (errors: importErrorBodySchema). */
export const importResponseSchema = z.strictObject({ ok: z.literal(true), report: z.strictObject(importReportFields) });
export type ImportReportResponse = z.infer<typeof importResponseSchema>;

/** GET /api/import: how to use the endpoint, and the size limit. */
export const importUsageResponseSchema = z.strictObject({
  usage: z.string(),
  maxBytes: z.number().int(),
  maxSize: z.string(),
  adminTokenRequired: z.boolean(),
});
export type ImportUsageResponse = z.infer<typeof importUsageResponseSchema>;

/** POST /api/import/experiment answers 200 with the experiment's report (ExperimentReport); errors: apiErrorBodySchema. */
export const experimentResponseSchema = z.strictObject({
  ok: z.literal(true),
  report: z.strictObject({
    name: z.string(),
    files: z.array(z.strictObject({ ...importReportFields, relativePath: z.string(), entry: z.number().int() })),
    filesImported: z.number().int(),
    filesAlreadyImported: z.number().int(),
    rowsImported: z.number().int(),
    bulkLoaded: z.boolean(),
    bytes: z.number().int(),
    seconds: z.number(),
  }),
});
export type ExperimentReportResponse = z.infer<typeof experimentResponseSchema>;
