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
  const text = typeof raw === "string" ? raw : (JSON.stringify(raw) ?? String(raw));
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

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const DOT = 46;

/**
 * checkScore's common case without regex, trim or lowercasing: plain decimal text ("71.09",
 * "100", ".5", "5."); any other text (empty, None, signs, exponents, spaces, garbage) gives
 * undefined and the caller uses checkScore. Never disagrees with checkScore where it answers.
 */
export function plainScore(raw: string): number | undefined {
  const length = raw.length;
  if (length === 0) return undefined;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= DIGIT_0 && c <= DIGIT_9) digits++;
    else if (c === DOT && dots === 0) dots++;
    else return undefined;
  }
  if (digits === 0) return undefined;
  const value = Number(raw);
  return value <= 100 ? value : undefined;
}

/** checkName's valid case as a plain string, or undefined (the caller then uses checkName for the message). */
export function plainName(raw: string): string | undefined {
  const value = raw.trim();
  return value === "" || value.includes("\0") ? undefined : value;
}

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
  if (!Number.isSafeInteger(value) || Math.abs(value) > 2_147_483_647)
    return invalid(`expected an integer seed or empty, got ${shown(raw)}`);
  return valid(value);
}
export const seedCell = schemaOf(checkSeed);

/** coherent_binary: the authors' own coherence flag (science.md: coherence > 30), not stored, but it must read as a boolean. */
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
export function checkDistribution(raw: unknown): CellResult<Record<string, number> | null> {
  if (isMissing(raw)) return valid(null);
  let parsed: Record<string, unknown>;
  let fresh = false;
  if (typeof raw === "string") {
    try {
      parsed = parsePythonDict(raw.trim());
      fresh = true;
    } catch (error) {
      return invalid(`expected a dict of token -> probability like {'0': 0.99, '1': 4.8e-06}: ${(error as Error).message}`);
    }
  } else if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    parsed = raw as Record<string, unknown>;
  } else {
    return invalid(`expected a dict of token -> probability, got ${shown(raw)}`);
  }
  for (const token in parsed) {
    if (!Object.hasOwn(parsed, token)) continue;
    const probability = parsed[token];
    if (typeof probability !== "number" || !Number.isFinite(probability) || probability < 0 || probability > 1 + PROBABILITY_SLACK) {
      return invalid(`probability of token ${shown(token)} must be a number 0-1, got ${shown(probability)}`);
    }
  }
  // parsePythonDict's result is already a fresh plain object; a JSON object is copied
  return valid((fresh ? parsed : Object.fromEntries(Object.entries(parsed))) as Record<string, number>);
}
export const distributionCell = schemaOf(checkDistribution);
