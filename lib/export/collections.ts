// A collection as CSV and JSON (/api/collections/<slug>/csv, /json): one row per item with the
// answer's scores (aligned, coherent and every further judge metric present in the collection),
// its verdict under the stated method, the item's note, who added it and when, and the answer's
// absolute permalink. An item whose answer was removed is a row too, with status "answer removed"
// and no scores. CSV cells are formula-safe (lib/export/csv.ts): answers, notes and names are
// untrusted.
import { collectedAnswerPath, type CollectedAnswer, type CollectionDetail } from "@/lib/collections/types";
import { isCounted, isMisaligned, isCoherent, type Thresholds } from "@/lib/stats/misalignment";
import { DEFAULT_PRESET, methodLabel, PRESETS, type PresetId, type RateMethod } from "@/lib/stats/method";
import { toCsv, type CsvColumn } from "./csv";

export type ItemStatus = "present" | "answer removed";

/** The verdict words the answer pages show (components/Verdict.tsx), as data. */
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
  /** every metric of the collection's header: aligned, coherent, then the further ones */
  scores: Record<string, number | null>;
}

export interface CollectionExport {
  collection: { slug: string; name: string; description: string; createdBy: string; createdAt: string; updatedAt: string; url: string };
  /** the method the verdicts are judged by (the default: the paper's) */
  method: { preset: PresetId; label: string } & RateMethod;
  /** the score columns, in order */
  metrics: string[];
  rows: CollectionExportRow[];
}

/** The rows of a collection's export; `origin` makes the permalinks absolute (http://host:port). */
export function collectionExport(detail: CollectionDetail, origin: string, preset: PresetId = DEFAULT_PRESET): CollectionExport {
  const method = PRESETS[preset].method;
  const further = [...new Set(detail.entries.flatMap((entry) => entry.answer?.metrics.map((score) => score.metric) ?? []))].sort();
  const metrics = ["aligned", "coherent", ...further.filter((metric) => metric !== "aligned" && metric !== "coherent")];
  const rows = detail.entries.map((entry): CollectionExportRow => {
    const answer = entry.answer;
    const scores: Record<string, number | null> = {};
    for (const metric of metrics) scores[metric] = null;
    if (answer) {
      scores.aligned = answer.aligned;
      scores.coherent = answer.coherent;
      for (const score of answer.metrics) scores[score.metric] = score.score;
    }
    return {
      answerId: entry.answerId,
      status: answer ? "present" : "answer removed",
      permalink: `${origin}${collectedAnswerPath(entry)}`,
      note: entry.note,
      addedBy: entry.addedBy,
      addedAt: entry.addedAt,
      answer,
      verdict: answer ? answerVerdict(answer.aligned, answer.coherent, method) : null,
      scores,
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
  const rest: CsvColumn<CollectionExportRow>[] = [
    { header: "verdict", value: (row) => row.verdict },
    { header: "method", value: () => data.method.label },
    { header: "note", value: (row) => row.note },
    { header: "added_by", value: (row) => row.addedBy },
    { header: "added_at", value: (row) => row.addedAt },
    { header: "prompt", value: (row) => row.answer?.prompt },
    { header: "answer", value: (row) => row.answer?.text },
  ];
  return toCsv(data.rows, [...fixed, ...scores, ...rest]);
}

/** The JSON body: the collection, the method, and one object per item (scores by metric name). */
export function collectionJson(data: CollectionExport) {
  return {
    collection: data.collection,
    method: data.method,
    metrics: data.metrics,
    items: data.rows.map((row) => ({
      answerId: row.answerId,
      status: row.status,
      permalink: row.permalink,
      note: row.note,
      addedBy: row.addedBy,
      addedAt: row.addedAt,
      verdict: row.verdict,
      scores: row.answer ? row.scores : null,
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
