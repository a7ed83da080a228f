// Building blocks shared by every page's URL-parameter schema. URL search params are the single
// source of view state; these helpers validate them and say, in words a user can act on, which
// parameter is wrong.
import { z } from "zod";

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** A repeated param (?a=1&a=2) keeps its first value; an empty one counts as absent. */
export function single(value: unknown): unknown {
  const first = Array.isArray(value) ? value[0] : value;
  return first === "" ? undefined : first;
}

/**
 * Ceiling for any free-text URL parameter (names, ids, search text). Names in the data are at most
 * a few hundred characters; a probe sending ~8 KB names or a NUL byte got 500s from PostgreSQL
 * (NUL: "invalid byte sequence for encoding UTF8: 0x00", code 22021). Every text param is checked
 * here, at the boundary, so it answers 400 naming the parameter and never reaches SQL.
 */
export const MAX_TEXT_PARAM = 1000;

/** A trimmed text param: at most `max` characters (≤ MAX_TEXT_PARAM) and no NUL byte. */
export function textParam(max: number, required = false) {
  if (!(max >= 1 && max <= MAX_TEXT_PARAM)) throw new Error(`text param max ${max} must be 1..${MAX_TEXT_PARAM}`);
  const base = required ? z.string({ error: "is required" }) : z.string();
  return base
    .trim()
    .min(1, { error: "is required" })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !value.includes("\0"), { error: "must not contain a NUL character (%00)" });
}

export const optionalText = (max: number) => z.preprocess(single, textParam(max).optional());

/** A text param that must be present (e.g. /api/rates `set`). */
export const requiredText = (max: number) => z.preprocess(single, textParam(max, true));

/** An optional score (0..100): a threshold or a score bound. */
export const optionalScore = z.preprocess(
  single,
  z.coerce
    .number({ error: "must be a number" })
    .min(0, { error: "must be between 0 and 100" })
    .max(100, { error: "must be between 0 and 100" })
    .optional(),
);

/** Answer ids in permalinks: positive integers only (anything else is a 404). */
export const answerIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** "aligned must be between 0 and 100; cursor is not a valid page cursor" */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const name = issue.path.join(".") || "parameter";
      return `${name} ${issue.message}`;
    })
    .join("; ");
}

/** URLSearchParams → the plain record the schemas expect. */
export function searchParamsToRecord(params: URLSearchParams): RawSearchParams {
  const record: RawSearchParams = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    record[key] = values.length === 1 ? values[0] : values;
  }
  return record;
}

/**
 * Keyset cursor: the sort value of a row (null when its score is missing) and its id. In the
 * URL it is `<value>:<id>` with value `null` or a number written exactly as JavaScript prints
 * it (String(x) round-trips a double).
 */
export interface KeysetCursor {
  value: number | null;
  id: number;
}

const CURSOR_PATTERN = /^(null|-?\d+(?:\.\d+)?(?:e[-+]?\d+)?):(\d{1,10})$/i;

export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return `${cursor.value === null ? "null" : String(cursor.value)}:${cursor.id}`;
}

/** The cursor for a URL value, or null when it is not one. */
export function decodeKeysetCursor(text: string): KeysetCursor | null {
  const match = CURSOR_PATTERN.exec(text);
  if (!match) return null;
  const value = match[1].toLowerCase() === "null" ? null : Number(match[1]);
  const id = Number(match[2]);
  if ((value !== null && !Number.isFinite(value)) || id > 2_147_483_647) return null;
  return { value, id };
}

/** PostgreSQL int4: the range of ids and sample indexes. */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;

/**
 * Whether a cursor can point into an int4 column (the sample sort): a whole number within int4.
 * `cursor=1e308:1&sort=sample` is a whole number to JavaScript and overflowed the ::int cast in SQL
 * (a 500, "value out of range for type integer") before this check.
 */
export function isIntCursor(cursor: KeysetCursor): boolean {
  return cursor.value !== null && Number.isSafeInteger(cursor.value) && cursor.value >= INT4_MIN && cursor.value <= INT4_MAX;
}

/** A keyset cursor URL parameter (`cursor=`), validated. */
export const cursorParam = z.preprocess(
  single,
  z
    .string()
    .transform((text, context) => {
      const cursor = decodeKeysetCursor(text);
      if (!cursor) {
        context.addIssue({ code: "custom", message: "is not a valid page cursor" });
        return z.NEVER;
      }
      return cursor;
    })
    .optional(),
);

/** `page=N`: the page number shown with keyset pagination (1 when absent). */
export const pageNumberParam = z.preprocess(
  single,
  z.coerce
    .number({ error: "must be a page number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be 1 or more" })
    .max(1_000_000, { error: "is too large" })
    .default(1),
);
