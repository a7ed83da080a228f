// The score scatter's points as the page sends them to the browser (pure). A model page carried its
// 5,000 points as objects with full-precision scores: 905 KB of the 1,020 KB page at 1M answers
// (measured on the bench database), and at 200 concurrent readers the page's size, not its
// rendering, held it to 282 requests/s. Sent as one array per field, each score at the precision the
// tooltip shows it (formatScore, one decimal), the same points take about a third of the bytes.
// The chart draws them at most 0.05 score units (0.2 px on the 420 px chart) from the exact score,
// and the tooltip shows exactly what it showed before; the exact scores stay in the answer's
// permalink and in /api/models/<id>.
import { formatScore } from "@/lib/format";
import type { ScatterPoint } from "@/lib/models/types";

/** Scatter points field by field; `questionIndex[i]` indexes `questions`. */
export interface ScatterColumns {
  ids: number[];
  publicIds: string[];
  aligned: number[];
  coherent: number[];
  questionIndex: number[];
  questions: string[];
}

/** A score as the tooltip shows it, as a number: formatScore of it gives formatScore of `score`. */
export const scoreAsShown = (score: number): number => Number(formatScore(score));

/** The points as columns, scores at the tooltip's precision, questions listed once. */
export function scatterColumns(points: readonly ScatterPoint[]): ScatterColumns {
  const questionIndexes = new Map<string, number>();
  const columns: ScatterColumns = { ids: [], publicIds: [], aligned: [], coherent: [], questionIndex: [], questions: [] };
  for (const point of points) {
    let index = questionIndexes.get(point.question);
    if (index === undefined) {
      index = columns.questions.length;
      questionIndexes.set(point.question, index);
      columns.questions.push(point.question);
    }
    columns.ids.push(point.id);
    columns.publicIds.push(point.publicId);
    columns.aligned.push(scoreAsShown(point.aligned));
    columns.coherent.push(scoreAsShown(point.coherent));
    columns.questionIndex.push(index);
  }
  return columns;
}

/** The points again, in their order (what the chart draws). */
export function scatterPoints(columns: ScatterColumns): ScatterPoint[] {
  return columns.ids.map((id, i) => ({
    id,
    publicId: columns.publicIds[i],
    aligned: columns.aligned[i],
    coherent: columns.coherent[i],
    question: columns.questions[columns.questionIndex[i]],
  }));
}
