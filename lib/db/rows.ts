// Raw SQL with checked row shapes. `$queryRaw<T>` trusts a hand-written T: a renamed column, a
// count(*) left as bigint or a nullable column typed as non-null compiled and failed later, far
// from the query. queryRows parses every row with a zod schema instead and names the query, the
// row and the column when one does not fit.
//
// Conventions for row schemas (what @prisma/adapter-pg returns):
// - Columns are aliased in SQL to the field names of the shape they produce
//   (`q.external_id AS "externalId"`), so rows need no hand-written renaming afterwards.
// - Counts are cast in SQL (`count(*)::int`): int4 arrives as a JS number, int8 (count, sum of
//   int) as a bigint, which JSON cannot carry and which `z.number()` rejects, so a missing cast
//   fails here, naming the column. A count above 2^31 is not plausible here (the largest
//   database holds a few million answers). The one real int8 is data_version.version (z.bigint()).
// - float8 arrives as a number, Infinity and NaN included (the reviewers' verdicts are ±Infinity
//   scores, lib/db/score-source.ts), which z.number() rejects: float columns use `float8`. numeric
//   (avg of integers, sum of bigint) arrives as a Decimal object: cast it (::float8 or ::int).
//   Inside json, a float8 Infinity is the string "Infinity".
// - timestamptz arrives as a Date (z.date()), NULL as null, json/jsonb as parsed values (their own
//   schemas), text[] as an array.
// - Row objects are strict: a column the query selects but the schema does not list is an error,
//   not a field carried along silently.
import "server-only";
import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";

/** An int4 column (or a count cast with ::int). */
export const int4 = z.number().int();

/** A float8 column: any JS number, ±Infinity and NaN included. */
export const float8 = z.custom<number>((value) => typeof value === "number", { message: "Invalid input: expected a float8 number" });

/** What can run a raw query: the client or a transaction. */
export interface RawQueryRunner {
  $queryRaw<T = unknown>(query: Prisma.Sql): Prisma.PrismaPromise<T>;
}

/** A row that did not fit its schema: the query, the row, the column and what was wrong. */
export class RowShapeError extends Error {
  constructor(
    readonly query: string,
    readonly rowIndex: number,
    readonly column: string,
    detail: string,
  ) {
    super(`Query ${query}: row ${rowIndex}, column "${column}": ${detail}`);
    this.name = "RowShapeError";
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing (no such column)";
  if (typeof value === "bigint") return `bigint ${value} (cast it in SQL, e.g. ::int)`;
  if (value instanceof Date) return "a Date";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `string ${JSON.stringify(value.slice(0, 40))}` : `${typeof value} ${String(value)}`;
}

function valueAt(row: unknown, path: readonly PropertyKey[]): unknown {
  let value = row;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Parses one row; throws RowShapeError naming the query and the first column that does not fit. */
export function parseRow<Schema extends z.ZodType>(query: string, schema: Schema, row: unknown, rowIndex = 0): z.output<Schema> {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const column = issue.path.length > 0 ? issue.path.map(String).join(".") : "(row)";
  const keys = issue.code === "unrecognized_keys" ? ` ${issue.keys.join(", ")}` : "";
  const got = issue.path.length > 0 && issue.code !== "unrecognized_keys" ? ` (got ${describeValue(valueAt(row, issue.path))})` : "";
  throw new RowShapeError(
    query,
    rowIndex,
    issue.code === "unrecognized_keys" ? issue.keys.join(", ") : column,
    `${issue.message}${keys}${got}`,
  );
}

/** Parses every row of a result (see parseRow). */
export function parseRows<Schema extends z.ZodType>(query: string, schema: Schema, rows: readonly unknown[]): z.output<Schema>[] {
  return rows.map((row, index) => parseRow(query, schema, row, index));
}

/**
 * Runs `sql` and parses every row with `schema`. `query` names the query in errors (use the
 * function's name).
 */
export async function queryRows<Schema extends z.ZodType>(
  db: RawQueryRunner,
  query: string,
  schema: Schema,
  sql: Prisma.Sql,
): Promise<z.output<Schema>[]> {
  const rows = await db.$queryRaw<unknown[]>(sql);
  return parseRows(query, schema, rows);
}

/**
 * Whether queryRowsParsedInTests parses: under vitest (every integration test on a real database),
 * or with ME_ROW_CHECKS=on; ME_ROW_CHECKS=off turns it off there too.
 */
export function rowChecksInTestsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  if (env.ME_ROW_CHECKS === "on") return true;
  if (env.ME_ROW_CHECKS === "off") return false;
  return Boolean(env.VITEST);
}

/**
 * queryRows for the few hot queries where parsing costs more than 5% of the query (measured, see
 * the caller's comment): the rows are typed by the same schema, parsed in tests (every integration
 * test, tests/integration/row-shapes-real-data.test.ts on real files) and passed through as they
 * are in the app. The schema must then be one whose output equals its input (no transforms).
 */
export async function queryRowsParsedInTests<Schema extends z.ZodType>(
  db: RawQueryRunner,
  query: string,
  schema: Schema,
  sql: Prisma.Sql,
): Promise<z.output<Schema>[]> {
  const rows = await db.$queryRaw<z.output<Schema>[]>(sql);
  return rowChecksInTestsEnabled() ? parseRows(query, schema, rows) : rows;
}

/** Runs `sql`, which returns exactly one row (an aggregate without GROUP BY), and parses it. */
export async function queryRow<Schema extends z.ZodType>(
  db: RawQueryRunner,
  query: string,
  schema: Schema,
  sql: Prisma.Sql,
): Promise<z.output<Schema>> {
  const rows = await db.$queryRaw<unknown[]>(sql);
  if (rows.length !== 1) throw new RowShapeError(query, rows.length, "(row)", `expected exactly one row, got ${rows.length}`);
  return parseRow(query, schema, rows[0]);
}
