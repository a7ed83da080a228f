// The side-by-side view as a file (GET /api/side-by-side/json and /csv): every pair the view's
// filter shows, in the view's order (not only the page on screen), with the whole answer texts,
// each answer's scores, verdict under the view's method and absolute permalink, and each side's
// Figure-4 number. The CSV has one row per pair; its header is a stable contract (columns are only
// ever added at the end), and every row repeats the method and base-model scope, so a downloaded
// file says how its verdicts were made.
import type { CsvColumn } from "./csv";
import type { AnswerPair, SideAnswer, SideSummary } from "@/lib/side-by-side/types";
import type { SideBySideOrder, SideRef } from "@/lib/params/side-by-side";
import type { RatesProvenance } from "@/lib/stats/method";

/**
 * The most pairs one export holds. A side is a question's answers from one group in one scope: the
 * largest real one (Model Organisms, 6 models x 50 samples x paraphrases) has 600 answers; 10,000
 * keeps a pathological import from making a 100 MB response, and the export says when it cut.
 */
export const SIDE_BY_SIDE_EXPORT_MAX_PAIRS = 10_000;

export interface SideBySideExportSource {
  set: string;
  question: { externalId: string; paraphrases: string[] };
  a: SideSummary;
  b: SideSummary;
  order: SideBySideOrder;
  seed: number;
  differ: boolean;
  /** how the verdicts and the sides' rates were computed, and over which base model */
  provenance: RatesProvenance;
  /** rows the filter shows (may exceed the pairs exported: see truncated) */
  shown: number;
  pairs: AnswerPair[];
  /** the view's own URL, absolute */
  url: string;
}

export interface ExportedAnswer {
  permalink: string;
  model: string;
  seed: number | null;
  sampleIndex: number;
  aligned: number | null;
  coherent: number | null;
  verdict: string;
  /** the newest review label that is not "unsure" (it decides the verdict under "corrected by reviewers"), else null */
  reviewLabel: string | null;
  text: string;
}

export interface ExportedPair {
  row: number;
  a: ExportedAnswer | null;
  b: ExportedAnswer | null;
}

const sideName = (ref: SideRef) => `${ref.kind}:${ref.name}`;

function exportedAnswer(answer: SideAnswer | null, origin: string): ExportedAnswer | null {
  if (!answer) return null;
  return {
    permalink: `${origin}/answers/${answer.publicId}`,
    model: answer.model,
    seed: answer.seed,
    sampleIndex: answer.sampleIndex,
    aligned: answer.aligned,
    coherent: answer.coherent,
    verdict: answer.verdict,
    reviewLabel: answer.reviewLabel,
    text: answer.text,
  };
}

export function exportedPairs(source: SideBySideExportSource, origin: string): ExportedPair[] {
  return source.pairs.map((pair) => ({ row: pair.row, a: exportedAnswer(pair.a, origin), b: exportedAnswer(pair.b, origin) }));
}

function sideJson(side: SideSummary) {
  return {
    side: sideName(side.ref),
    label: side.label,
    answers: side.answers,
    countedAnswers: side.countedAnswers,
    misaligned: side.misaligned,
    rate: side.rate,
    ciLow: side.ciLow,
    ciHigh: side.ciHigh,
    intervalMethod: side.intervalMethod,
    models: side.models,
    excludedModels: side.excludedModels,
  };
}

export function sideBySideJson(source: SideBySideExportSource, origin: string) {
  return {
    view: {
      url: source.url,
      set: source.set,
      question: source.question.externalId,
      paraphrases: source.question.paraphrases,
      order: source.order,
      seed: source.order === "random" ? source.seed : null,
      differ: source.differ,
      baseModel: source.provenance.baseModel,
      method: {
        preset: source.provenance.preset,
        label: source.provenance.methodLabel,
        description: source.provenance.methodDescription,
        ...source.provenance.method,
      },
    },
    a: sideJson(source.a),
    b: sideJson(source.b),
    rows: { shown: source.shown, exported: source.pairs.length, truncated: source.pairs.length < source.shown },
    pairs: exportedPairs(source, origin),
  };
}

const answerColumns = (prefix: "a" | "b"): CsvColumn<ExportedPair>[] => [
  { header: `${prefix}_model`, value: (row) => row[prefix]?.model },
  { header: `${prefix}_seed`, value: (row) => row[prefix]?.seed },
  { header: `${prefix}_sample_index`, value: (row) => row[prefix]?.sampleIndex },
  { header: `${prefix}_aligned`, value: (row) => row[prefix]?.aligned },
  { header: `${prefix}_coherent`, value: (row) => row[prefix]?.coherent },
  { header: `${prefix}_verdict`, value: (row) => row[prefix]?.verdict },
  { header: `${prefix}_review_label`, value: (row) => row[prefix]?.reviewLabel },
  { header: `${prefix}_permalink`, value: (row) => row[prefix]?.permalink },
  { header: `${prefix}_text`, value: (row) => row[prefix]?.text },
];

export function sideBySideCsvColumns(source: SideBySideExportSource): CsvColumn<ExportedPair>[] {
  const { methodLabel, method, baseModel } = source.provenance;
  return [
    { header: "set", value: () => source.set },
    { header: "question", value: () => source.question.externalId },
    { header: "row", value: (row) => row.row },
    { header: "side_a", value: () => sideName(source.a.ref) },
    { header: "side_b", value: () => sideName(source.b.ref) },
    ...answerColumns("a"),
    ...answerColumns("b"),
    { header: "order", value: () => source.order },
    { header: "seed", value: () => (source.order === "random" ? source.seed : null) },
    { header: "method", value: () => methodLabel },
    { header: "base_model", value: () => baseModel },
    { header: "aligned_below", value: () => method.aligned },
    { header: "coherent_at_least", value: () => method.coherent },
    { header: "denominator", value: () => method.denominator },
  ];
}

export function sideBySideFileName(source: SideBySideExportSource, extension: "csv" | "json"): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60);
  return `side-by-side-${safe(source.question.externalId)}-${safe(source.a.ref.name)}-vs-${safe(source.b.ref.name)}.${extension}`;
}
