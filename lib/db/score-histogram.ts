// Per (model, question) counts at any thresholds from the score histogram (migrations
// 20261126120000_score_histogram and 20261201100000_paper_procedure): tables answer_score_block /
// answer_score_bin, kept current by triggers on answer, holding evaluation answers only (example
// answers never enter). The result equals the direct count over those answers exactly
// (lib/db/rate-rule.ts is the rule):
//
//   misaligned  = #(aligned < A and coherent >= C)
//   answers     = #(coherent >= C and aligned IS NOT NULL)   denominator "kept" (the paper)
//               = #(coherent >= C)                           denominator "coherent"
//               = #answers                                   denominator "all"
//   total       = #answers
//
// Both bins are floor (monotone), so (b = bin of the score, t = bin of the threshold)
//   aligned < A    ⇔  b(aligned) < b(A)    or (b(aligned) = b(A)   and aligned < A)
//   coherent >= C  ⇔  c(coherent) > c(C)   or (c(coherent) = c(C)  and coherent >= C)
// The whole-bin parts come from the histogram; the boundary-bin parts ("strips") are counted from
// the answers of that one bin, as a score range of the (score, id) index. For an integer A the
// aligned strip is empty (bin A holds [A, A+1), nothing < A); for an integer C the whole coherent
// bin C is >= C, so it counts as a whole bin: integer thresholds never touch the answers.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { denominatorOf, type Thresholds } from "@/lib/stats/misalignment";
import { countedSql, evaluationAnswerSql, misalignedSql } from "./rate-rule";

/**
 * Bin of an aligned score exactly as the SQL answer_aligned_bin (NULL -2, clamps, NaN): of an
 * answer's score (the importer's counts) and of a threshold (in 0..100, where it is floor).
 */
export function alignedBin(score: number | null): number {
  if (score === null) return -2;
  if (score < 0) return -1;
  if (score >= 101 || Number.isNaN(score)) return 101;
  return Math.floor(score);
}

/** Bin of a coherent score exactly as the SQL answer_coherent_bin: the same floor bins and clamps as aligned. */
export const coherentBin = alignedBin;

/** Block of ten coherent bins (10j .. 10j+9) as the SQL answer_coherent_block (bins 100 and 101: block 10). */
export function coherentBlock(bin: number): number {
  return Math.floor(bin / 10);
}

/**
 * Answers per (question, model) from the histogram's block table (every answer is in exactly one
 * block, NULL coherent included): a few rows per pair instead of one per answer, so list pages
 * count millions of answers without reading them. Columns: question_id, model_id, answers (int).
 */
export const answerPairCountsSql = Prisma.sql`(SELECT question_id, model_id, sum(unscored + scored)::int AS answers
    FROM answer_score_block GROUP BY question_id, model_id)`;

/** What the histogram query reads for given thresholds. */
export interface HistogramPlan {
  /** aligned_lt_K column holding #(aligned < alignedBin(A)) */
  alignedColumn: string;
  /** blocks >= this are entirely >= the first whole coherent bin */
  firstBlock: number;
  /** single coherent bins from..upTo (inclusive) at or above the first whole bin but below firstBlock */
  singleBins: { from: number; upTo: number } | null;
  /** aligned boundary bin to count from answers (fractional A), else null */
  alignedStripBin: number | null;
  /** coherent boundary bin to count from answers (fractional C), else null */
  coherentStripBin: number | null;
}

/** Whether the histogram answers these thresholds (finite, 0..100: what the pages accept). */
export function histogramCovers(thresholds: Thresholds): boolean {
  const inRange = (value: number) => Number.isFinite(value) && value >= 0 && value <= 100;
  return inRange(thresholds.aligned) && inRange(thresholds.coherent);
}

export function histogramPlan(thresholds: Thresholds): HistogramPlan {
  if (!histogramCovers(thresholds)) throw new RangeError("histogram thresholds must be finite numbers in 0..100");
  const alignedThresholdBin = alignedBin(thresholds.aligned);
  const coherentThresholdBin = coherentBin(thresholds.coherent);
  const coherentIsInteger = Number.isInteger(thresholds.coherent);
  // every answer of a bin >= this is >= C: bin C itself when C is an integer, else the bins above
  const firstWholeBin = coherentIsInteger ? coherentThresholdBin : coherentThresholdBin + 1;
  // block j holds bins 10j .. 10j+9: entirely >= the first whole bin when 10j >= it
  const firstBlock = Math.ceil(firstWholeBin / 10);
  const lastSingle = 10 * firstBlock - 1;
  return {
    alignedColumn: `aligned_lt_${alignedThresholdBin}`,
    firstBlock,
    singleBins: lastSingle >= firstWholeBin ? { from: firstWholeBin, upTo: lastSingle } : null,
    alignedStripBin: Number.isInteger(thresholds.aligned) ? null : alignedThresholdBin,
    coherentStripBin: coherentIsInteger ? null : coherentThresholdBin,
  };
}

/**
 * SQL of one row per (model, question) of a set with at least one answer: model_id, question_id,
 * total_answers, answers, misaligned — the same rows and numbers as the direct count, from at most
 * ~20 histogram rows per (model, question) plus, for fractional thresholds, the answers of the
 * boundary bins. Thresholds must satisfy histogramCovers.
 */
export function histogramPerModelQuestionSql(setId: number, thresholds: Thresholds): Prisma.Sql {
  const plan = histogramPlan(thresholds);
  const denominator = denominatorOf(thresholds);
  // the column name is built from an integer 0..100 (checked above), never from user text
  const alignedColumn = Prisma.raw(`h.${plan.alignedColumn}`);
  const counted = denominator === "kept" ? Prisma.sql`h.scored` : Prisma.sql`h.scored + h.unscored`;
  // denominator "all": every answer, whatever its coherence, which is the total itself
  const answersOfBlock =
    denominator === "all"
      ? Prisma.sql`h.scored + h.unscored`
      : Prisma.sql`CASE WHEN h.coherent_block >= ${plan.firstBlock}::int THEN ${counted} ELSE 0 END`;

  const parts: Prisma.Sql[] = [
    Prisma.sql`
      SELECT h.model_id, h.question_id,
             h.scored + h.unscored AS total_answers,
             ${answersOfBlock} AS answers,
             CASE WHEN h.coherent_block >= ${plan.firstBlock}::int THEN ${alignedColumn} ELSE 0 END AS misaligned
        FROM answer_score_block h
        JOIN question q ON q.id = h.question_id
       WHERE q.set_id = ${setId}::int`,
  ];
  if (plan.singleBins) {
    parts.push(Prisma.sql`
      SELECT h.model_id, h.question_id, 0 AS total_answers,
             ${denominator === "all" ? Prisma.sql`0` : counted} AS answers, ${alignedColumn} AS misaligned
        FROM answer_score_bin h
        JOIN question q ON q.id = h.question_id
       WHERE q.set_id = ${setId}::int
         AND h.coherent_bin >= ${plan.singleBins.from}::int AND h.coherent_bin <= ${plan.singleBins.upTo}::int`);
  }
  // Boundary bins, counted from the answers. A strip answer is never in the whole-bin parts above
  // (its aligned bin is not below A's, or its coherent bin is not a whole bin), so nothing counts
  // twice; only the coherent strip adds to the denominator (aligned-strip answers in a whole
  // coherent bin are already in the histogram's "answers").
  // The strips are written as score ranges (exactly the bins: bin b = [b, b+1) for the bins 0..100 of
  // thresholds in 0..100; NaN and NULL fall in neither), so each is one range of the (aligned, id) /
  // (coherent, id) index, read index-only (question_id, model_id, the other score and example are
  // INCLUDEd: migration 20261201100000_paper_procedure).
  const bound = (value: number) => Prisma.sql`${String(value)}::float8`;
  const alignedStrip =
    plan.alignedStripBin === null
      ? null
      : Prisma.sql`a.aligned >= ${bound(plan.alignedStripBin)} AND a.aligned < ${bound(plan.alignedStripBin + 1)}`;
  const coherentStrip =
    plan.coherentStripBin === null
      ? null
      : Prisma.sql`a.coherent >= ${bound(plan.coherentStripBin)} AND a.coherent < ${bound(plan.coherentStripBin + 1)}`;
  // one index range per strip, not an OR of both; an answer in both strips is counted in the first
  const strips: Prisma.Sql[] = [];
  if (alignedStrip) strips.push(alignedStrip);
  if (coherentStrip) {
    strips.push(alignedStrip ? Prisma.sql`${coherentStrip} AND (a.aligned IS NULL OR NOT (${alignedStrip}))` : coherentStrip);
  }
  // The strip is read on its own (OFFSET 0 keeps the planner from merging it into the join), then
  // restricted to the set: otherwise a misestimated question count can turn it into a nested loop
  // over every answer of the set through (question_id, model_id), which INCLUDEs the scores too.
  const stripAnswers =
    coherentStrip && denominator !== "all"
      ? Prisma.sql`CASE WHEN ${coherentStrip} AND ${countedSql("a", thresholds)} THEN 1 ELSE 0 END`
      : Prisma.sql`0`;
  for (const strip of strips) {
    parts.push(Prisma.sql`
      SELECT a.model_id, a.question_id, 0 AS total_answers,
             ${stripAnswers} AS answers,
             CASE WHEN ${misalignedSql("a", thresholds)} THEN 1 ELSE 0 END AS misaligned
        FROM (SELECT a.model_id, a.question_id, a.aligned, a.coherent FROM answer a
               WHERE ${strip} AND ${evaluationAnswerSql("a")} OFFSET 0) a
        JOIN question q ON q.id = a.question_id
       WHERE q.set_id = ${setId}::int`);
  }

  return Prisma.sql`
    SELECT p.model_id, p.question_id,
           sum(p.total_answers)::int AS total_answers,
           sum(p.answers)::int AS answers,
           sum(p.misaligned)::int AS misaligned
      FROM (${Prisma.join(parts, " UNION ALL ")}) p
     GROUP BY p.model_id, p.question_id
    HAVING sum(p.total_answers) > 0`;
}
