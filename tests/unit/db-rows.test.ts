// lib/db/rows.ts: a row that does not fit its schema fails with an error naming the query, the row
// and the column (and what the adapter returned), and the column helpers accept what @prisma/adapter-pg
// really returns (float8 ±Infinity and NaN, timestamptz as Date), no more.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  float8,
  int4,
  parseRow,
  queryRow,
  queryRows,
  queryRowsParsedInTests,
  rowChecksInTestsEnabled,
  RowShapeError,
  type RawQueryRunner,
} from "@/lib/db/rows";
import { Prisma } from "@/lib/generated/prisma/client";

const countRow = z.strictObject({ name: z.string(), answers: int4, rate: float8.nullable() });

/** A runner that returns the given rows for any query, as $queryRaw would. */
function runner(rows: unknown[]): RawQueryRunner {
  return { $queryRaw: (() => Promise.resolve(rows)) as unknown as RawQueryRunner["$queryRaw"] };
}

describe("parseRow", () => {
  it("names the query, the row and the column of a count left as bigint, and says to cast it", () => {
    const rows = [
      { name: "a", answers: 3, rate: 0.5 },
      { name: "b", answers: 4n, rate: null },
    ];
    const error = (() => {
      try {
        rows.map((row, index) => parseRow("listThings", countRow, row, index));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(RowShapeError);
    expect((error as RowShapeError).message).toMatch(
      /^Query listThings: row 1, column "answers": .*bigint 4 \(cast it in SQL, e\.g\. ::int\)/,
    );
    expect(error).toMatchObject({ query: "listThings", rowIndex: 1, column: "answers" });
  });

  it("names a missing column and a column the schema does not list", () => {
    expect(() => parseRow("q", countRow, { name: "a", rate: 1 })).toThrow(/column "answers": .*no such column/);
    expect(() => parseRow("q", countRow, { name: "a", answers: 1, rate: 1, file_name: "x" })).toThrow(
      /^Query q: row 0, column "file_name": /,
    );
  });

  it("names the path inside a json column", () => {
    const schema = z.strictObject({ modelRates: z.array(z.strictObject({ rate: float8 })) });
    expect(() => parseRow("rates", schema, { modelRates: [{ rate: 1 }, { rate: "Infinity" }] })).toThrow(
      /column "modelRates\.1\.rate": .*string "Infinity"/,
    );
  });

  it("float8 takes every JS number the adapter returns, int4 only integers", () => {
    for (const rate of [0.25, Infinity, -Infinity, NaN]) expect(parseRow("q", countRow, { name: "a", answers: 1, rate }).rate).toBe(rate);
    expect(() => parseRow("q", countRow, { name: "a", answers: 1.5, rate: null })).toThrow(/column "answers"/);
    expect(() => parseRow("q", countRow, { name: "a", answers: 1, rate: "0.5" })).toThrow(/column "rate"/);
  });
});

describe("queryRows and queryRow", () => {
  it("return the schema's output, transforms applied", async () => {
    const schema = z.strictObject({ createdAt: z.date().transform((date) => date.toISOString()) });
    const at = new Date("2026-12-03T06:00:00Z");
    expect(await queryRows(runner([{ createdAt: at }]), "q", schema, Prisma.sql`SELECT 1`)).toEqual([
      { createdAt: "2026-12-03T06:00:00.000Z" },
    ]);
  });

  it("queryRow wants exactly one row", async () => {
    await expect(queryRow(runner([]), "single", countRow, Prisma.sql`SELECT 1`)).rejects.toThrow(
      /Query single: .*expected exactly one row, got 0/,
    );
    expect(await queryRow(runner([{ name: "a", answers: 1, rate: null }]), "single", countRow, Prisma.sql`SELECT 1`)).toEqual({
      name: "a",
      answers: 1,
      rate: null,
    });
  });
});

describe("queryRowsParsedInTests", () => {
  it("parses under vitest and with ME_ROW_CHECKS=on, not in the app or with ME_ROW_CHECKS=off", () => {
    expect(rowChecksInTestsEnabled({ VITEST: "true" })).toBe(true);
    expect(rowChecksInTestsEnabled({ VITEST: "true", ME_ROW_CHECKS: "off" })).toBe(false);
    expect(rowChecksInTestsEnabled({})).toBe(false);
    expect(rowChecksInTestsEnabled({ ME_ROW_CHECKS: "on" })).toBe(true);
  });

  it("so a bad row fails every test that reaches the query", async () => {
    await expect(
      queryRowsParsedInTests(runner([{ name: "a", answers: 2n, rate: null }]), "hot", countRow, Prisma.sql`SELECT 1`),
    ).rejects.toThrow(/Query hot: row 0, column "answers"/);
  });
});
