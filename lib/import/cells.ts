// Validation of single values (CSV cells or JSON fields), with messages that say what was
// expected and what was found. Each schema accepts what a CSV gives (strings) and what JSONL
// may give (numbers, objects, null).
import { z } from "zod";
import { parsePythonDict } from "./python-dict";

/** Cell contents that mean "no value" (the judge gave no score): stored as NULL, never 0. */
const MISSING_MARKERS = new Set(["", "none", "nan", "null"]);
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

export function isMissing(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === "string" && MISSING_MARKERS.has(raw.trim().toLowerCase()));
}

/** Shows a found value in a message: quoted, shortened. */
export function shown(raw: unknown): string {
  const text = typeof raw === "string" ? raw : JSON.stringify(raw) ?? String(raw);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/**
 * A cell check: the value, or the message saying what was expected. Plain functions (checked
 * per row on the import's hot path, where a zod object per row cost ~30 µs); the zod schemas
 * below wrap the same functions, so both give the same messages.
 */
export type CellResult<T> = { ok: true; value: T } | { ok: false; message: string };
const valid = <T>(value: T): CellResult<T> => ({ ok: true, value });
const invalid = (message: string): CellResult<never> => ({ ok: false, message });

function schemaOf<T>(check: (raw: unknown) => CellResult<T>) {
  return z.unknown().transform((raw, ctx): T => {
    const result = check(raw);
    if (result.ok) return result.value;
    ctx.addIssue({ code: "custom", message: result.message });
    return z.NEVER;
  });
}

/** A judge score: a finite number 0-100, or missing (empty, None, nan) -> null. */
export function checkScore(raw: unknown): CellResult<number | null> {
  if (isMissing(raw)) return valid(null);
  const value = typeof raw === "number" ? raw : typeof raw === "string" && DECIMAL.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isFinite(value) || value < 0 || value > 100) return invalid(`expected a number 0-100 or empty, got ${shown(raw)}`);
  return valid(value);
}
export const scoreCell = schemaOf(checkScore);

/** Free text stored in PostgreSQL: any string (possibly empty) without NUL characters. */
export function checkText(raw: unknown): CellResult<string> {
  if (typeof raw !== "string") return invalid(`expected text, got ${shown(raw)}`);
  if (raw.includes("\0")) return invalid("contains a NUL character, which PostgreSQL text cannot store");
  return valid(raw);
}
export const textCell = schemaOf(checkText);

/** A name or id: non-empty text, surrounding spaces removed. */
export function checkName(raw: unknown): CellResult<string> {
  const text = checkText(raw);
  if (!text.ok) return text;
  const value = text.value.trim();
  return value === "" ? invalid("expected a non-empty value, got an empty cell") : valid(value);
}
export const nameCell = schemaOf(checkName);

/** Optional name (e.g. base_model): empty -> null. */
export function checkOptionalName(raw: unknown): CellResult<string | null> {
  if (isMissing(raw)) return valid(null);
  if (typeof raw !== "string" || raw.includes("\0")) return invalid(`expected text, got ${shown(raw)}`);
  return valid(raw.trim());
}
export const optionalNameCell = schemaOf(checkOptionalName);

/** A training seed: an integer, or empty -> null. */
export function checkSeed(raw: unknown): CellResult<number | null> {
  if (isMissing(raw)) return valid(null);
  const value = typeof raw === "number" ? raw : typeof raw === "string" && INTEGER.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || Math.abs(value) > 2_147_483_647) return invalid(`expected an integer seed or empty, got ${shown(raw)}`);
  return valid(value);
}
export const seedCell = schemaOf(checkSeed);

/** coherent_binary: derived (coherent > 50) and not stored, but it must read as a boolean. */
export function checkBoolean(raw: unknown): CellResult<boolean | null> {
  if (isMissing(raw)) return valid(null);
  if (typeof raw === "boolean") return valid(raw);
  const text = typeof raw === "string" ? raw.trim().toLowerCase() : "";
  if (text === "true") return valid(true);
  if (text === "false") return valid(false);
  return invalid(`expected True or False, got ${shown(raw)}`);
}
export const booleanCell = schemaOf(checkBoolean);

/** Probabilities may exceed 1 by rounding only. */
const PROBABILITY_SLACK = 1e-6;

/**
 * A judge's token distribution: a Python dict literal ({'0': 0.99, '1': 4.8e-06}) or, in JSONL,
 * a JSON object; token -> probability in [0, 1]. Missing -> null.
 */
export const distributionCell = z.unknown().transform((raw, ctx): Record<string, number> | null => {
  if (isMissing(raw)) return null;
  let parsed: Record<string, unknown>;
  if (typeof raw === "string") {
    try {
      parsed = parsePythonDict(raw.trim());
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: `expected a dict of token -> probability like {'0': 0.99, '1': 4.8e-06}: ${(error as Error).message}`,
      });
      return z.NEVER;
    }
  } else if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    parsed = raw as Record<string, unknown>;
  } else {
    ctx.addIssue({ code: "custom", message: `expected a dict of token -> probability, got ${shown(raw)}` });
    return z.NEVER;
  }
  for (const [token, probability] of Object.entries(parsed)) {
    if (typeof probability !== "number" || !Number.isFinite(probability) || probability < 0 || probability > 1 + PROBABILITY_SLACK) {
      ctx.addIssue({ code: "custom", message: `probability of token ${shown(token)} must be a number 0-1, got ${shown(probability)}` });
      return z.NEVER;
    }
  }
  return Object.fromEntries(Object.entries(parsed)) as Record<string, number>;
});
