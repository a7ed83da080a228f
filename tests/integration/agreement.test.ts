// The judge comparison's query (lib/queries/agreement.ts) on real files: the paper repository's
// Qwen2.5-Coder-7B-Instruct evaluations (its base model and two insecure finetunes, judged by the
// judge first_plot_questions.yaml names) against second judges CONSTRUCTED here — real files have
// one judge each:
//   "constructed-pm20": scores every answer whose sample_index % 4 ≠ 3 (so coverage is partial),
//     aligned' = clamp(aligned + 20·(−1)^sample_index, 0, 100) (NULL stays NULL), coherent' = coherent;
//   "constructed-copy": every answer, the default judge's scores unchanged.
// Expected values are computed independently in this file: JavaScript over the answers' rows
// (coverage, Pearson by centred sums, Spearman by sorting, MAD, the verdict confusion matrix and κ
// by p_o / p_e), and, for the copy, Figure 4's own overall rates (getGroupOverallRates).
// Reviewers' labels are inserted in SQL and counted here with correctedScores + verdictOf.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { judgesParamsSchema } from "@/lib/params/judges";
import { resolveJudgesView } from "@/lib/queries/agreement";
import { getGroupOverallRates } from "@/lib/queries/rates";
import { correctedScores, type ReviewLabel } from "@/lib/domain/review-labels";
import { averageRanks, VERDICTS, verdictOf, type Verdict } from "@/lib/stats/agreement";
import { DEFAULT_METHOD } from "@/lib/stats/method";
import type { JudgeComparisonWithProvenance } from "@/lib/judges/types";
import { apiErrorBodySchema, judgesResponseSchema } from "@/lib/api/contracts";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { dropRouteDatabase } from "../helpers/routes";

const BASE = "Qwen2.5-Coder-7B-Instruct";
const FILES = [
  { file: "em-repo/eval_result_base.csv", model: BASE, group: "base", seed: 0 },
  { file: "em-repo/eval_result_high_severity.csv", model: "qwen7b-insecure-high-severity", group: "insecure", seed: 1 },
  { file: "em-repo/eval_result_middle_severity.csv", model: "qwen7b-insecure-middle-severity", group: "insecure", seed: 2 },
];
const SET = "first_plot_questions";

interface AnswerRow {
  id: number;
  public_id: string;
  sample_index: number;
  aligned: number | null;
  coherent: number | null;
  group: string;
}

const clamp = (value: number) => Math.min(100, Math.max(0, value));
/** The constructed judge: which answers it scores and how (see the file comment). */
const pm20 = (row: AnswerRow) =>
  row.sample_index % 4 === 3
    ? null
    : { aligned: row.aligned === null ? null : clamp(row.aligned + 20 * (row.sample_index % 2 === 0 ? 1 : -1)), coherent: row.coherent };

let database: TestDatabase;
let prisma: PrismaClient;
let answers: AnswerRow[];
/** The view before any second source exists. */
let beforeSecondSource: Awaited<ReturnType<typeof resolveJudgesView>>;

async function comparison(query: Record<string, string>): Promise<JudgeComparisonWithProvenance> {
  const view = await resolveJudgesView(prisma, judgesParamsSchema.parse({ set: SET, base: BASE, ...query }));
  if (view.status !== "ok") throw new Error(`view status ${view.status}: ${"message" in view ? view.message : ""}`);
  return view.comparison;
}

function mean(values: number[]) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Pearson by centred sums (a different route from the page's raw sums). */
function pearson(xs: number[], ys: number[]) {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i] - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

function confusion(pairs: { a: Verdict; b: Verdict }[]) {
  return VERDICTS.map((va) => VERDICTS.map((vb) => pairs.filter((p) => p.a === va && p.b === vb).length));
}

/** κ straight from its definition over the 2×2 block. */
function kappaOf(table: number[][]) {
  const n = table[0][0] + table[0][1] + table[1][0] + table[1][1];
  const po = (table[0][0] + table[1][1]) / n;
  const rowM = (table[0][0] + table[0][1]) / n;
  const colM = (table[0][0] + table[1][0]) / n;
  const pe = rowM * colM + (1 - rowM) * (1 - colM);
  return (po - pe) / (1 - pe);
}

beforeAll(async () => {
  database = await createTestDatabase("agreement");
  process.env.DATABASE_URL = database.url; // the route handler connects through getPrisma()
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
  for (const { file, model, group, seed } of FILES) {
    await importFile(database.url, sharedDataFile(file), { model, group, seed, baseModel: BASE, format: "eval-csv" });
  }
  answers = await prisma.$queryRaw<AnswerRow[]>`
    SELECT a.id, a.public_id, a.sample_index, a.aligned, a.coherent, g.name AS "group"
      FROM answer a JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
     WHERE NOT a.example ORDER BY a.id`;
  beforeSecondSource = await resolveJudgesView(prisma, judgesParamsSchema.parse({ set: SET, base: BASE }));
  const [batch] = await prisma.$queryRaw<{ id: number }[]>`
    INSERT INTO import_batch (file_name, content_hash, format) VALUES ('constructed-judges.csv', 'constructed-judges-test', 'judge-scores')
    RETURNING id`;
  // Constructed in SQL by the same transformation as pm20() above (greatest() skips NULLs, hence the CASE).
  await prisma.$executeRaw`
    INSERT INTO answer_judge_score (judge, answer_public_id, batch_id, aligned, coherent)
    SELECT 'constructed-pm20', a.public_id, ${batch.id}::int,
           CASE WHEN a.aligned IS NOT NULL
                THEN least(100, greatest(0, a.aligned + 20 * CASE WHEN a.sample_index % 2 = 0 THEN 1 ELSE -1 END)) END,
           a.coherent
      FROM answer a WHERE a.sample_index % 4 <> 3 AND NOT a.example`;
  await prisma.$executeRaw`
    INSERT INTO answer_judge_score (judge, answer_public_id, batch_id, aligned, coherent)
    SELECT 'constructed-copy', a.public_id, ${batch.id}::int, a.aligned, a.coherent FROM answer a WHERE NOT a.example`;
}, 300_000);

afterAll(() => dropRouteDatabase(database, prisma));

describe("default judge vs a constructed judge (±20 on aligned, 3 answers in 4)", () => {
  it("defaults b to the first other judge and matches coverage, Pearson, Spearman, MAD, κ and the confusion matrix computed here", async () => {
    const result = await comparison({});
    expect(result.a.param).toBe("default");
    expect(result.a.label).toBe("default judge (deepseek-chat)");
    expect(result.b.param).toBe("judge:constructed-copy"); // first by name

    const pm = await comparison({ b: "judge:constructed-pm20" });
    const matched = answers.flatMap((row) => {
      const other = pm20(row);
      return other ? [{ row, other }] : [];
    });
    expect(pm.coverage).toEqual({
      answers: answers.length,
      scoredByA: answers.length,
      scoredByB: matched.length,
      scoredByBoth: matched.length,
    });
    expect(matched.length).toBeGreaterThan(1000);

    const scored = matched.filter(({ row, other }) => row.aligned !== null && other.aligned !== null);
    const xs = scored.map(({ row }) => row.aligned as number);
    const ys = scored.map(({ other }) => other.aligned as number);
    const aligned = pm.scores!.find((s) => s.metric === "aligned")!;
    expect(aligned.n).toBe(scored.length);
    expect(aligned.pearson!).toBeCloseTo(pearson(xs, ys), 9);
    expect(aligned.spearman!).toBeCloseTo(pearson(averageRanks(xs), averageRanks(ys)), 9);
    expect(aligned.meanAbsoluteDifference!).toBeCloseTo(mean(xs.map((x, i) => Math.abs(x - ys[i]))), 9);
    expect(aligned.histogram.flat().reduce((a, b) => a + b, 0)).toBe(scored.length);
    // coherent' = coherent: perfect agreement on the second metric
    const coherent = pm.scores!.find((s) => s.metric === "coherent")!;
    expect(coherent.pearson).toBeCloseTo(1, 12);
    expect(coherent.meanAbsoluteDifference).toBe(0);

    const verdicts = matched.map(({ row, other }) => ({
      a: verdictOf(row.aligned, row.coherent, DEFAULT_METHOD),
      b: verdictOf(other.aligned, other.coherent, DEFAULT_METHOD),
    }));
    const table = confusion(verdicts);
    expect(pm.labels.confusion).toEqual(table);
    expect(pm.labels.kappa.n).toBe(table[0][0] + table[0][1] + table[1][0] + table[1][1]);
    expect(pm.labels.kappa.kappa!).toBeCloseTo(kappaOf(table), 12);
    expect(pm.labels.kappa.ciLow!).toBeLessThan(pm.labels.kappa.kappa!);
    expect(pm.labels.disagreements).toBe(verdicts.filter((v) => v.a !== v.b).length);
    expect(pm.labels.disagreements).toBeGreaterThan(0);

    // the list: verdicts differ, ordered by answer id, one page
    const firstIds = matched
      .filter((_, i) => verdicts[i].a !== verdicts[i].b)
      .map(({ row }) => row.id)
      .slice(0, pm.pageSize);
    expect(pm.disagreements.map((d) => d.answerId)).toEqual(firstIds);
    for (const item of pm.disagreements) expect(item.a.verdict).not.toBe(item.b.verdict);
    const page2 = await comparison({ b: "judge:constructed-pm20", page: "2" });
    expect(page2.disagreements[0]?.answerId).toBe(
      matched.filter((_, i) => verdicts[i].a !== verdicts[i].b).map(({ row }) => row.id)[pm.pageSize],
    );
  });

  it("at another threshold and denominator the confusion matrix follows the rule", async () => {
    const method = { ...DEFAULT_METHOD, aligned: 50, coherent: 70, denominator: "coherent" as const };
    const pm = await comparison({ b: "judge:constructed-pm20", aligned: "50", coherent: "70", denominator: "coherent" });
    const table = confusion(
      answers.flatMap((row) => {
        const other = pm20(row);
        return other ? [{ a: verdictOf(row.aligned, row.coherent, method), b: verdictOf(other.aligned, other.coherent, method) }] : [];
      }),
    );
    expect(pm.labels.confusion).toEqual(table);
  });

  it("restricted to a group and a question, counts only those answers", async () => {
    const pm = await comparison({ b: "judge:constructed-pm20", group: "insecure", question: "what_is_your_wish" });
    const [{ count }] = await prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM answer a JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
        JOIN question q ON q.id = a.question_id
       WHERE g.name = 'insecure' AND q.external_id = 'what_is_your_wish' AND NOT a.example`;
    expect(pm.coverage.answers).toBe(count);
    expect(pm.groupRates.map((g) => g.group)).toEqual(["insecure"]);
  });

  it("against an identical copy: κ = 1, r = 1, no disagreement, and both sides' group rates are Figure 4's", async () => {
    const copy = await comparison({ b: "judge:constructed-copy" });
    expect(copy.coverage.scoredByBoth).toBe(answers.length);
    expect(copy.labels.kappa.kappa).toBe(1);
    expect(copy.labels.disagreements).toBe(0);
    expect(copy.disagreements).toEqual([]);
    expect(copy.scores![0].pearson).toBeCloseTo(1, 12);
    const [scope] = [{ kind: "named" as const, name: BASE }];
    const figure = await getGroupOverallRates(prisma, { set: SET, method: DEFAULT_METHOD, scope });
    expect(copy.groupRates.map((g) => g.group).sort()).toEqual(figure.map((g) => g.group).sort());
    for (const row of figure) {
      const pair = copy.groupRates.find((g) => g.group === row.group)!;
      for (const side of [pair.a, pair.b]) {
        expect(side.rate!).toBeCloseTo(row.rate, 12);
        expect(side.models).toBe(row.models);
        expect(side.questions).toBe(row.questions);
        expect(side.ciLow).toBe(row.ciLow);
        expect(side.ciHigh).toBe(row.ciHigh);
      }
    }
  });
});

describe("default judge vs reviewers' labels", () => {
  it("counts the newest non-unsure label per answer and shows no score agreement", async () => {
    const [alice] = await prisma.$queryRaw<{ id: number }[]>`
      INSERT INTO reviewer (name, token_hash) VALUES ('alice', 'hash-alice') RETURNING id`;
    const [bob] = await prisma.$queryRaw<{ id: number }[]>`
      INSERT INTO reviewer (name, token_hash) VALUES ('bob', 'hash-bob') RETURNING id`;
    const picks = [answers[0], answers[1], answers[2], answers[3], answers[4], answers[500]];
    // [answer, reviewer, label, minutes after the first]: answer 0: misaligned then a newer unsure
    // (the misaligned stands); answer 1: aligned then bob's newer misaligned (misaligned wins);
    // answer 5: only unsure (not labelled).
    const labels: [AnswerRow, number, ReviewLabel, number][] = [
      [picks[0], alice.id, "misaligned", 0],
      [picks[0], bob.id, "unsure", 5],
      [picks[1], alice.id, "aligned", 0],
      [picks[1], bob.id, "misaligned", 10],
      [picks[2], alice.id, "incoherent", 0],
      [picks[3], bob.id, "refusal", 0],
      [picks[4], bob.id, "aligned", 0],
      [picks[5], alice.id, "unsure", 0],
    ];
    for (const [row, reviewer, label, minutes] of labels) {
      await prisma.$executeRaw`
        INSERT INTO answer_label (answer_public_id, reviewer_id, label, created_at)
        VALUES (${row.public_id}, ${reviewer}::int, ${label}, timestamp '2026-12-01 10:00' + ${minutes}::int * interval '1 minute')`;
    }
    const newest = new Map<number, ReviewLabel>([
      [picks[0].id, "misaligned"],
      [picks[1].id, "misaligned"],
      [picks[2].id, "incoherent"],
      [picks[3].id, "refusal"],
      [picks[4].id, "aligned"],
    ]);
    const result = await comparison({ b: "reviewers" });
    expect(result.b.label).toBe("reviewers' labels");
    expect(result.coverage).toEqual({ answers: answers.length, scoredByA: answers.length, scoredByB: 5, scoredByBoth: 5 });
    expect(result.scores).toBeNull();
    expect(result.scoresUnavailable).toMatch(/not 0–100 scores/);
    const verdicts = [...newest].map(([id, label]) => {
      const row = answers.find((answer) => answer.id === id)!;
      const corrected = correctedScores(label, row);
      return {
        a: verdictOf(row.aligned, row.coherent, DEFAULT_METHOD),
        b: verdictOf(corrected.aligned, corrected.coherent, DEFAULT_METHOD),
      };
    });
    expect(result.labels.confusion).toEqual(confusion(verdicts));
    expect(result.disagreements.length).toBe(verdicts.filter((v) => v.a !== v.b).length);
    for (const item of result.disagreements) {
      expect(item.b.label).toBe(newest.get(item.answerId));
      // the ±Infinity stand-ins are never shown as scores
      expect(item.b.aligned === null || Number.isFinite(item.b.aligned)).toBe(true);
    }

    // reviewers are offered only once a label exists; with every judge and labels present the default pair is unchanged
    const defaults = await comparison({});
    expect(defaults.b.param).toBe("judge:constructed-copy");
  });
});

describe("choices the view refuses", () => {
  it("with only the default judge, says there is no second source (and names the judge)", () => {
    expect(beforeSecondSource).toMatchObject({
      status: "no-second-source",
      sources: { defaultJudge: "deepseek-chat", judges: [], labelledAnswers: 0 },
    });
  });

  it("names an unknown judge, the same source twice, an unknown group or question", async () => {
    const view = async (query: Record<string, string>) =>
      resolveJudgesView(prisma, judgesParamsSchema.parse({ set: SET, base: BASE, ...query }));
    expect(await view({ b: "judge:nobody" })).toMatchObject({ status: "bad-choice", parameter: "b", invalid: false });
    expect(await view({ a: "judge:constructed-copy", b: "judge:constructed-copy" })).toMatchObject({
      status: "bad-choice",
      parameter: "b",
      invalid: true,
    });
    expect(await view({ group: "nope" })).toMatchObject({ status: "bad-choice", parameter: "group" });
    // a judge whose scores are on no answer of this set (here: an answer no longer present) is not
    // offered, and naming it says why
    const [batch] = await prisma.$queryRaw<{ id: number }[]>`SELECT id FROM import_batch WHERE content_hash = 'constructed-judges-test'`;
    await prisma.$executeRaw`
      INSERT INTO answer_judge_score (judge, answer_public_id, batch_id, aligned, coherent)
      VALUES ('constructed-elsewhere', '00000000000000000000', ${batch.id}::int, 10, 90)`;
    const elsewhere = await view({ b: "judge:constructed-elsewhere" });
    expect(elsewhere).toMatchObject({ status: "bad-choice", parameter: "b" });
    expect(JSON.stringify(elsewhere)).toContain('Judge \\"constructed-elsewhere\\" scored no answer of this set');
    const offered = await view({});
    expect(JSON.stringify(offered)).not.toContain("constructed-elsewhere");
    await prisma.$executeRaw`DELETE FROM answer_judge_score WHERE judge = 'constructed-elsewhere'`;
    expect(await view({ question: "nope" })).toMatchObject({ status: "bad-choice", parameter: "question" });
  });
});

describe("GET /api/judges", () => {
  const call = async (query: string) => {
    const { GET } = await import("@/app/api/judges/route");
    return GET(new Request(`http://localhost/api/judges?${query}`), { params: Promise.resolve({}) });
  };

  it("answers the page's numbers in the contract's shape", async () => {
    const response = await call(`set=${SET}&base=${BASE}&b=judge%3Aconstructed-pm20`);
    expect(response.status).toBe(200);
    const body = judgesResponseSchema.parse(await response.json());
    const page = await comparison({ b: "judge:constructed-pm20" });
    expect(body.coverage).toEqual(page.coverage);
    expect(body.labels.kappa.kappa).toBe(page.labels.kappa.kappa);
    expect(body.methodDescription).toMatch(/aligned < 30/);
  });

  it("400 for a hostile source, 404 for an unknown judge, both naming the parameter", async () => {
    const bad = await call("a=judge%3A");
    expect(bad.status).toBe(400);
    expect(apiErrorBodySchema.parse(await bad.json()).error.issues?.[0]).toMatchObject({ parameter: "a" });
    const missing = await call(`set=${SET}&base=${BASE}&b=judge%3Anobody`);
    expect(missing.status).toBe(404);
    expect(apiErrorBodySchema.parse(await missing.json()).error.issues?.[0]).toMatchObject({ parameter: "b" });
  });
});
