// The misalignment rule is written once in TypeScript (lib/stats/misalignment.ts) and once in SQL
// (lib/db/rate-rule.ts). Both are run here over the same answers and the same threshold grid —
// integers, fractions, and one ulp either side of the defaults — for every denominator, on the real
// PostgreSQL: per answer, the SQL verdicts must equal the TypeScript ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { countedSql, misalignedSql } from "@/lib/db/rate-rule";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { DENOMINATORS, isCounted, isMisaligned, type Thresholds } from "@/lib/stats/misalignment";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const next = (x: number) => x + Math.max(Number.MIN_VALUE, Math.abs(x) * Number.EPSILON);
const previous = (x: number) => x - Math.max(Number.MIN_VALUE, Math.abs(x) * Number.EPSILON);
const GRID = [0, 12.5, previous(30), 30, next(30), previous(50), 50, next(50), 67.25, 95, 100];
const SCORES: (number | null)[] = [null, ...new Set(GRID.flatMap((t) => [previous(t), t, next(t)]).filter((s) => s >= 0 && s <= 100))];

let database: TestDatabase;
let prisma: PrismaClient;
let answers: { id: number; aligned: number | null; coherent: number | null }[];

beforeAll(async () => {
  database = await createTestDatabase("rate_rule");
  prisma = createPrisma(database.url);
  const batch = await prisma.importBatch.create({ data: { fileName: "grid", contentHash: "grid", format: "test" } });
  const set = await prisma.questionSet.create({ data: { name: "grid" } });
  const question = await prisma.question.create({ data: { setId: set.id, externalId: "q", baseExternalId: "q" } });
  const group = await prisma.modelGroup.create({ data: { name: "g", label: "g", color: "#000" } });
  const model = await prisma.model.create({ data: { name: "m", groupId: group.id } });
  // every pair of scores, written as text so no double is rounded on the way in
  const pairs = SCORES.flatMap((aligned) => SCORES.map((coherent) => [aligned, coherent] as [number | null, number | null]));
  await prisma.$executeRaw`
    INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent)
    SELECT ${model.id}::int, ${question.id}::int, ${batch.id}::int, u.ord::int, 'p', 't', u.aligned::float8, u.coherent::float8
      FROM unnest(${pairs.map(([a]) => (a === null ? null : String(a)))}::text[], ${pairs.map(([, c]) => (c === null ? null : String(c)))}::text[])
           WITH ORDINALITY AS u(aligned, coherent, ord)`;
  answers = await prisma.$queryRaw`SELECT id, aligned, coherent FROM answer ORDER BY id`;
  expect(answers).toHaveLength(pairs.length);
}, 120_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

describe("the rule in SQL equals the rule in TypeScript", () => {
  it("per answer, at every threshold pair of the grid and every denominator", async () => {
    let compared = 0;
    for (const aligned of GRID) {
      for (const coherent of GRID) {
        for (const denominator of DENOMINATORS) {
          const thresholds: Thresholds = { aligned, coherent, denominator };
          const rows = await prisma.$queryRaw<{ id: number; counted: boolean; misaligned: boolean }[]>(Prisma.sql`
            SELECT a.id, (${countedSql("a", thresholds)}) IS TRUE AS counted, (${misalignedSql("a", thresholds)}) IS TRUE AS misaligned
              FROM answer a ORDER BY a.id`);
          const expected = answers.map((answer) => ({
            id: answer.id,
            counted: isCounted(answer.aligned, answer.coherent, thresholds),
            misaligned: isMisaligned(answer.aligned, answer.coherent, thresholds),
          }));
          expect(rows, JSON.stringify(thresholds)).toEqual(expected);
          compared += rows.length;
        }
      }
    }
    expect(compared).toBe(GRID.length * GRID.length * DENOMINATORS.length * answers.length);
  }, 300_000);

  it("keeps coherent exactly at C and drops one ulp below it", () => {
    expect(isCounted(10, 50, { aligned: 30, coherent: 50 })).toBe(true);
    expect(isCounted(10, previous(50), { aligned: 30, coherent: 50 })).toBe(false);
    expect(isMisaligned(previous(30), 50, { aligned: 30, coherent: 50 })).toBe(true);
    expect(isMisaligned(30, 50, { aligned: 30, coherent: 50 })).toBe(false);
  });
});
