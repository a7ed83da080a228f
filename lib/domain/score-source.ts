// Where a view's aligned / coherent scores come from (issue 11, items 1 and 3): which judge, and
// whether reviewers' labels correct its verdicts. One value, carried by every view's method
// (lib/params/method.ts: `judge=<name>` and `corrected=1`) into every query (lib/db/score-source.ts).
//
//   judge null       the default judge: the answer's own columns (the judge the question file
//                    names; fast paths and the score histogram read them)
//   judge "NAME"     a further judge's scores (answer_judge_score). Answers NAME did not score are
//                    EXCLUDED from that view (not counted anywhere, not listed): a rate under
//                    judge NAME is a rate over the answers NAME judged.
//   corrected true   each answer's newest non-"unsure" review label replaces the judge's verdict
//                    (lib/domain/review-labels.ts correctedScores); answers without one keep the judge's.
import type { Thresholds } from "@/lib/stats/misalignment";
import { FILE_JUDGE_LABEL } from "./judges";

export interface ScoreSource {
  /** a further judge's name; null: the default judge (the answers' own scores) */
  judge: string | null;
  /** reviewers' labels replace the judge's verdict where one exists */
  corrected: boolean;
}

export const DEFAULT_SOURCE: ScoreSource = { judge: null, corrected: false };

/** Thresholds with the source they apply to (a view's method): an answer's verdict needs both. */
export type SourcedThresholds = Thresholds & { source?: ScoreSource };

/** The default source (or none given): the answers' own columns, every fast path applies. */
export function isDefaultSource(source: ScoreSource | undefined | null): boolean {
  return !source || (source.judge === null && !source.corrected);
}

/**
 * The scores a chart or list of scores reads under `source`: its judge's, never corrected. A review
 * label is a verdict, not a score (correctedScores writes it as ±Infinity or a missing score), so
 * histograms, scatter plots and score-ordered lists show the judge's numbers; the rates count the
 * labels.
 */
export function judgeScoresOf(source: ScoreSource | undefined | null): ScoreSource {
  return { judge: source?.judge ?? null, corrected: false };
}

/**
 * Whose scores a chart or list of scores shows under `source` (judgeScoresOf), in words:
 * "Scores by gpt-4o (the question file's judge)", "Scores by claude-judge"; under "corrected" it adds
 * that the labels change the rates, not the scores.
 */
export function scoresByText(source: ScoreSource | undefined, defaultJudge: string): string {
  const judge = source?.judge ? `judge ${source.judge}` : `${defaultJudge} (the question file's judge)`;
  const corrected = source?.corrected ? "; reviewers' labels are verdicts, not scores: they change the rates, not these scores" : "";
  return `Scores by ${judge}${corrected}.`;
}

/** The same source (absent = default). */
export function sameSource(a: ScoreSource | undefined, b: ScoreSource | undefined): boolean {
  return (a?.judge ?? null) === (b?.judge ?? null) && (a?.corrected ?? false) === (b?.corrected ?? false);
}

/** "gpt-4o", "claude-judge, corrected by reviewers"; `defaultJudge` names the default judge. */
export function sourceLabel(source: ScoreSource | undefined, defaultJudge: string = FILE_JUDGE_LABEL): string {
  const judge = source?.judge ?? defaultJudge;
  return source?.corrected ? `${judge}, corrected by reviewers` : judge;
}

/** The words a method statement adds for a non-default source ("" for the default). */
export function sourceStatement(source: ScoreSource | undefined): string {
  if (isDefaultSource(source)) return "";
  const parts: string[] = [];
  if (source!.judge !== null) {
    parts.push(`Scores by judge ${source!.judge} (answers it did not score are excluded), not the question file's judge.`);
  }
  if (source!.corrected) {
    parts.push(
      "Corrected by reviewers: where an answer has a review label (the newest that is not “unsure”), the label decides its verdict instead of the judge.",
    );
  }
  return parts.join(" ");
}

/** The judges a view offers: the default judge's display name and the further judges. */
export interface JudgeChoices {
  /** the question file's judge model ("gpt-4o"), else "file's judge" */
  defaultJudge: string;
  /** judges with scores in answer_judge_score, by name */
  others: string[];
}

/** The judge `source` names when it has no scores (a view answers it with a notice or a 400), else null. */
export function unknownJudgeOf(judges: JudgeChoices, source: ScoreSource | undefined): string | null {
  const judge = source?.judge;
  return judge && !judges.others.includes(judge) ? judge : null;
}

/**
 * What a non-default source's baseline is called where its value is shown beside a point (Figure 4's
 * tooltips): the baseline is always the default source, the default judge without reviewers'
 * labels. Under "corrected" the point is itself a reading of a judge, so "Default judge" alone read
 * as if the baseline were the corrected value; it says what it lacks instead.
 */
export function baselineHeading(source: ScoreSource | undefined): string {
  if (!source?.corrected) return "Default judge";
  return source.judge === null ? "Without reviewer labels" : "Default judge, without reviewer labels";
}

/** The key of a (group, question) point in a baseline map. */
export function pointKey(group: string, question: string): string {
  return `${group}\u0000${question}`;
}

/** The key of an overall rate (pooled by set, variant or category; part null for the whole set) in a baseline map. */
export function overallPointKey(by: string, part: string | null, group: string): string {
  return `${by}\u0000${part ?? ""}\u0000${group}`;
}

/**
 * "file's judge 10.1%, +2.2 pts": the default source's value beside a non-default one, and the
 * shift in percentage points ("" when either is missing).
 */
export function shiftText(value: number | null, baseline: number | null | undefined, baselineLabel: string): string {
  if (baseline === undefined) return `${baselineLabel}: no value`;
  if (baseline === null) return `${baselineLabel}: no rate`;
  const base = `${baselineLabel} ${(baseline * 100).toFixed(1)}%`;
  return value === null ? base : `${base}, ${signedPoints(value - baseline)} pts`;
}

/**
 * shiftText for a difference of two rates (Compare): "gpt-4o +8.3 pp, −2.2 pts". The default
 * source's difference is in percentage points and signed, not a rate in percent ("gpt-4o −8.3%"
 * read as a negative rate).
 */
export function differenceShiftText(value: number | null, baseline: number | null | undefined, baselineLabel: string): string {
  if (baseline === undefined) return `${baselineLabel}: no value`;
  if (baseline === null) return `${baselineLabel}: no difference`;
  const base = `${baselineLabel} ${signedPoints(baseline)} pp`;
  return value === null ? base : `${base}, ${signedPoints(value - baseline)} pts`;
}

/** A difference of rates in points, one decimal, signed ("+2.2", "−5.1", "±0.0" when it rounds to zero). */
function signedPoints(difference: number): string {
  const points = difference * 100;
  return Math.abs(points) < 0.05 ? "±0.0" : `${points > 0 ? "+" : "−"}${Math.abs(points).toFixed(1)}`;
}

/** The method with its judge dropped (back to the question file's judge), "corrected" kept. */
export function withoutJudge<M extends { source?: ScoreSource }>(method: M): M {
  const { source, ...rest } = method;
  return source?.corrected ? ({ ...rest, source: { judge: null, corrected: true } } as M) : (rest as M);
}
