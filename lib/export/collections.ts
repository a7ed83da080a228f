// A collection as CSV and JSON (/api/collections/<slug>/csv, /json): one row per item with the
// answer's scores (aligned, coherent and every further judge metric present in the collection),
// its verdict under the stated method, the item's note, who added it and when, and the answer's
// absolute permalink. An item whose answer was removed is a row too, with status "answer removed"
// and no scores. Further judges' scores follow as judge:NAME:metric columns, and the item's review
// label (the newest that is not "unsure") with the verdict it gives under "corrected by reviewers".
// CSV cells are formula-safe (lib/export/csv.ts): answers, notes and names are
// untrusted.
import { collectedAnswerPath, type CollectedAnswer, type CollectionDetail, type CollectionItemView } from "@/lib/collections/types";
import { correctedScores } from "@/lib/domain/review-labels";
import { isCounted, isMisaligned, isCoherent, type Thresholds } from "@/lib/stats/misalignment";
import { DEFAULT_PRESET, methodLabel, PRESETS, type PresetId, type RateMethod } from "@/lib/stats/method";
import { toCsv, type CsvColumn } from "./csv";

export type ItemStatus = "present" | "answer removed";

/** The verdict words the answer pages show (components/ui/Verdict.tsx), as data. */
export function answerVerdict(aligned: number | null, coherent: number | null, thresholds: Thresholds): string {
  if (isMisaligned(aligned, coherent, thresholds)) return "misaligned";
  if (isCounted(aligned, coherent, thresholds)) return "not misaligned";
  if (coherent === null) return "excluded: no coherence score";
  return !isCoherent(coherent, thresholds) ? "excluded: incoherent" : "excluded: no alignment score";
}

export interface CollectionExportRow {
  answerId: number;
  status: ItemStatus;
  permalink: string;
  note: string | null;
  addedBy: string;
  addedAt: string;
  answer: CollectedAnswer | null;
  verdict: string | null;
  /** the verdict counted under "judge, corrected by reviewers": the review label's where there is one */
  verdictCorrected: string | null;
  /** every metric of the collection's header: aligned, coherent, then the further ones */
  scores: Record<string, number | null>;
  /** further judges' scores by column (furtherJudgeColumn); absent: that judge did not score it */
  furtherScores: Record<string, number | null>;
  review: CollectionItemView["review"];
}

/** The column of a further judge's metric: `judge:NAME:metric`. */
export function furtherJudgeColumn(judge: string, metric: string): string {
  return `judge:${judge}:${metric}`;
}

export interface CollectionExport {
  collection: { slug: string; name: string; description: string; createdBy: string; createdAt: string; updatedAt: string; url: string };
  /** the method the verdicts are judged by (the default: the paper's) */
  method: { preset: PresetId; label: string } & RateMethod;
  /** the score columns, in order */
  metrics: string[];
  /** the further judges' score columns (furtherJudgeColumn), by judge then aligned, coherent, further metrics */
  furtherJudgeColumns: string[];
  rows: CollectionExportRow[];
}

/** The rows of a collection's export; `origin` makes the permalinks absolute (http://host:port). */
export function collectionExport(detail: CollectionDetail, origin: string, preset: PresetId = DEFAULT_PRESET): CollectionExport {
  const method = PRESETS[preset].method;
  const further = [...new Set(detail.entries.flatMap((entry) => entry.answer?.metrics.map((score) => score.metric) ?? []))].sort();
  const metrics = ["aligned", "coherent", ...further.filter((metric) => metric !== "aligned" && metric !== "coherent")];
  const judgeMetrics = new Map<string, Set<string>>();
  for (const entry of detail.entries) {
    for (const judge of entry.answer?.furtherJudges ?? []) {
      const set = judgeMetrics.get(judge.judge) ?? new Set<string>();
      for (const score of judge.metrics) set.add(score.metric);
      judgeMetrics.set(judge.judge, set);
    }
  }
  const furtherJudgeColumns = [...judgeMetrics.keys()]
    .sort()
    .flatMap((judge) =>
      ["aligned", "coherent", ...[...judgeMetrics.get(judge)!].sort()].map((metric) => furtherJudgeColumn(judge, metric)),
    );
  const rows = detail.entries.map((entry): CollectionExportRow => {
    const answer = entry.answer;
    const scores: Record<string, number | null> = {};
    for (const metric of metrics) scores[metric] = null;
    const furtherScores: Record<string, number | null> = {};
    if (answer) {
      scores.aligned = answer.aligned;
      scores.coherent = answer.coherent;
      for (const score of answer.metrics) scores[score.metric] = score.score;
      for (const judge of answer.furtherJudges) {
        furtherScores[furtherJudgeColumn(judge.judge, "aligned")] = judge.aligned;
        furtherScores[furtherJudgeColumn(judge.judge, "coherent")] = judge.coherent;
        for (const score of judge.metrics) furtherScores[furtherJudgeColumn(judge.judge, score.metric)] = score.score;
      }
    }
    const corrected = answer && correctedScores(entry.review?.label ?? null, { aligned: answer.aligned, coherent: answer.coherent });
    return {
      answerId: entry.answerId,
      status: answer ? "present" : "answer removed",
      permalink: `${origin}${collectedAnswerPath(entry)}`,
      note: entry.note,
      addedBy: entry.addedBy,
      addedAt: entry.addedAt,
      answer,
      verdict: answer ? answerVerdict(answer.aligned, answer.coherent, method) : null,
      verdictCorrected: corrected ? answerVerdict(corrected.aligned, corrected.coherent, method) : null,
      scores,
      furtherScores,
      review: entry.review,
    };
  });
  const { collection } = detail;
  return {
    collection: {
      slug: collection.slug,
      name: collection.name,
      description: collection.description,
      createdBy: collection.createdBy,
      createdAt: collection.createdAt,
      updatedAt: collection.updatedAt,
      url: `${origin}/collections/${collection.slug}`,
    },
    method: { preset, label: methodLabel(preset, method), ...method },
    metrics,
    furtherJudgeColumns,
    rows,
  };
}

/** The CSV: fixed columns, then one column per score, then the question and the answer's text. */
export function collectionCsv(data: CollectionExport): string {
  const fixed: CsvColumn<CollectionExportRow>[] = [
    { header: "answer_id", value: (row) => row.answerId },
    { header: "status", value: (row) => row.status },
    { header: "permalink", value: (row) => row.permalink },
    { header: "set", value: (row) => row.answer?.set },
    { header: "question", value: (row) => row.answer?.question },
    { header: "group", value: (row) => row.answer?.group },
    { header: "model", value: (row) => row.answer?.model },
    { header: "seed", value: (row) => row.answer?.seed },
    { header: "base_model", value: (row) => row.answer?.baseModel },
    { header: "sample_index", value: (row) => row.answer?.sampleIndex },
    { header: "curated_example", value: (row) => row.answer?.example },
  ];
  const scores: CsvColumn<CollectionExportRow>[] = data.metrics.map((metric) => ({ header: metric, value: (row) => row.scores[metric] }));
  const furtherJudges: CsvColumn<CollectionExportRow>[] = data.furtherJudgeColumns.map((column) => ({
    header: column,
    value: (row) => row.furtherScores[column],
  }));
  const rest: CsvColumn<CollectionExportRow>[] = [
    { header: "verdict", value: (row) => row.verdict },
    { header: "review_label", value: (row) => row.review?.label },
    { header: "review_by", value: (row) => row.review?.reviewer },
    { header: "review_reason", value: (row) => row.review?.reason },
    { header: "verdict_corrected_by_reviewers", value: (row) => row.verdictCorrected },
    { header: "method", value: () => data.method.label },
    { header: "note", value: (row) => row.note },
    { header: "added_by", value: (row) => row.addedBy },
    { header: "added_at", value: (row) => row.addedAt },
    { header: "prompt", value: (row) => row.answer?.prompt },
    { header: "answer", value: (row) => row.answer?.text },
  ];
  return toCsv(data.rows, [...fixed, ...scores, ...furtherJudges, ...rest]);
}

/** The JSON body: the collection, the method, and one object per item (scores by metric name). */
export function collectionJson(data: CollectionExport) {
  return {
    collection: data.collection,
    method: data.method,
    metrics: data.metrics,
    furtherJudgeColumns: data.furtherJudgeColumns,
    items: data.rows.map((row) => ({
      answerId: row.answerId,
      status: row.status,
      permalink: row.permalink,
      note: row.note,
      addedBy: row.addedBy,
      addedAt: row.addedAt,
      verdict: row.verdict,
      verdictCorrectedByReviewers: row.verdictCorrected,
      review: row.review,
      scores: row.answer ? row.scores : null,
      furtherJudges: row.answer
        ? Object.fromEntries(
            row.answer.furtherJudges.map((judge) => [
              judge.judge,
              { aligned: judge.aligned, coherent: judge.coherent, ...Object.fromEntries(judge.metrics.map((m) => [m.metric, m.score])) },
            ]),
          )
        : null,
      answer: row.answer
        ? {
            set: row.answer.set,
            question: row.answer.question,
            group: row.answer.group,
            model: row.answer.model,
            seed: row.answer.seed,
            baseModel: row.answer.baseModel,
            sampleIndex: row.answer.sampleIndex,
            example: row.answer.example,
            prompt: row.answer.prompt,
            text: row.answer.text,
          }
        : null,
    })),
  };
}
