// Rows → sweep lines and points, pure (unit-tested; the chart and the table draw what this gives).
// The database gives one value per model (lib/queries/sweep.ts); here the models at one (line, x)
// become a point: their mean, with the 95% interval of Figure 4 over them (lib/stats/method.ts
// groupInterval: exact bootstrap by default, Student t with ci=t), and no interval for one model.
import type { SweepY } from "@/lib/params/sweep";
import { groupInterval, type IntervalMethod } from "@/lib/stats/method";
import type { RateMethod } from "@/lib/stats/method";
import type { SweepLine, SweepModelRow, SweepModelValue, SweepPoint } from "./types";

/** Whether y is a mean score on the judge's 0-100 scale (else a share 0..1). */
export function isScoreY(y: SweepY): boolean {
  return y.kind === "coherence" || y.kind === "alignment";
}

/** The y axis label. */
export function sweepYLabel(y: SweepY): string {
  switch (y.kind) {
    case "misaligned":
      return "P(misaligned answer)";
    case "coherence":
      return "mean coherence (0-100)";
    case "alignment":
      return "mean alignment (0-100)";
    case "metric":
      return `share of answers with ${y.metric} > ${y.above}`;
  }
}

/** One point's mean and interval. Scores are scaled to 0..1 for the interval (Student t clips to [0, 1]) and back. */
function pointOf(line: string, x: number, models: SweepModelValue[], y: SweepY, interval: IntervalMethod): SweepPoint {
  const scale = isScoreY(y) ? 100 : 1;
  const values = models.map((model) => (model.value as number) / scale);
  const result = groupInterval(values, interval);
  const scaled = (value: number | null) => (value === null ? null : value * scale);
  return {
    line,
    x,
    value: (result.mean as number) * scale,
    ciLow: scaled(result.ciLow),
    ciHigh: scaled(result.ciHigh),
    intervalMethod: result.intervalMethod,
    models,
    answers: models.reduce((sum, model) => sum + model.answers, 0),
  };
}

export interface SweepLines {
  lines: SweepLine[];
  modelsWithoutX: string[];
  modelsWithoutValue: string[];
}

/**
 * Groups the models' rows into lines (in the rows' order) and points (x ascending). Models without
 * the x attribute, and models with it but no pooled question, are left out and returned by name.
 */
export function buildSweepLines(rows: readonly SweepModelRow[], y: SweepY, interval: IntervalMethod): SweepLines {
  const modelsWithoutX: string[] = [];
  const modelsWithoutValue: string[] = [];
  const lines = new Map<string, { label: string; color: string; questions: number; byX: Map<number, SweepModelValue[]> }>();
  for (const row of rows) {
    if (row.x === null) {
      modelsWithoutX.push(row.model);
      continue;
    }
    if (row.value === null) {
      modelsWithoutValue.push(row.model);
      continue;
    }
    const line = lines.get(row.line) ?? { label: row.lineLabel, color: row.color, questions: 0, byX: new Map() };
    lines.set(row.line, line);
    line.questions = Math.max(line.questions, row.questions);
    const atX = line.byX.get(row.x) ?? [];
    line.byX.set(row.x, atX);
    atX.push({
      model: row.model,
      seed: row.seed,
      line: row.line,
      x: row.x,
      value: row.value,
      questions: row.questions,
      answers: row.answers,
    });
  }
  return {
    lines: [...lines].map(([key, line]) => ({
      key,
      label: line.label,
      color: line.color,
      questions: line.questions,
      points: [...line.byX].sort(([a], [b]) => a - b).map(([x, models]) => pointOf(key, x, models, y, interval)),
    })),
    modelsWithoutX,
    modelsWithoutValue,
  };
}

/** How every sweep value is computed, in words (the page states it under the chart; the API returns it). */
export function describeSweepValues(y: SweepY, method: Pick<RateMethod, "minAnswers" | "interval">): string {
  const min = `${method.minAnswers} such answer${method.minAnswers === 1 ? "" : "s"}`;
  const perQuestion =
    y.kind === "misaligned"
      ? `A model's value on a question is its Figure-4 rate (misaligned / answers in the method's denominator); it enters a question only with at least ${min}`
      : y.kind === "metric"
        ? `A model's value on a question is the share of its evaluation answers with a ${y.metric} score that have ${y.metric} > ${y.above} (answers without a ${y.metric} score are left out); it enters a question only with at least ${min}`
        : `A model's value on a question is the mean ${y.kind === "coherence" ? "coherence" : "alignment"} score of its evaluation answers that have one (answers without a score are left out, any coherence); it enters a question only with at least ${min}`;
  const interval =
    method.interval === "t"
      ? "a 95% Student-t interval over the models"
      : "a 95% bootstrap percentile interval over the models (exact, as Figure 4)";
  return (
    `${perQuestion}. A model's value is the mean over the questions that every model of its line has a value on (each question weighs the same, as Figure 4's overall rate). ` +
    `A point is the mean of the values of the models at that x (seeds are the unit), with ${interval}; a point from one model has no interval. ` +
    `Models without the x attribute are left out and counted. Curated example files never count.`
  );
}
