// URL search params are the single source of view state. These schemas validate them and say,
// in words a user can act on, which parameter is wrong.
import { z } from "zod";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** A repeated param (?a=1&a=2) keeps its first value; an empty one counts as absent. */
function single(value: unknown): unknown {
  const first = Array.isArray(value) ? value[0] : value;
  return first === "" ? undefined : first;
}

const optionalText = (max: number) => z.preprocess(single, z.string().trim().min(1).max(max).optional());

const threshold = (fallback: number) =>
  z.preprocess(
    single,
    z.coerce
      .number({ error: "must be a number" })
      .min(0, { error: "must be between 0 and 100" })
      .max(100, { error: "must be between 0 and 100" })
      .default(fallback),
  );

/**
 * Keyset cursor of the answers list: the last row shown, as `<aligned>:<id>` (aligned may be
 * `null` because rows with a missing score come last).
 */
export interface AnswerCursor {
  aligned: number | null;
  id: number;
}

const CURSOR_PATTERN = /^(null|-?\d+(?:\.\d+)?(?:e[-+]?\d+)?):(\d{1,10})$/i;

export function encodeCursor(cursor: AnswerCursor): string {
  return `${cursor.aligned === null ? "null" : String(cursor.aligned)}:${cursor.id}`;
}

const cursorSchema = z.preprocess(
  single,
  z
    .string()
    .regex(CURSOR_PATTERN, { error: "is not a valid page cursor" })
    .transform((text): AnswerCursor => {
      const [, aligned, id] = CURSOR_PATTERN.exec(text) as RegExpExecArray;
      return { aligned: aligned.toLowerCase() === "null" ? null : Number(aligned), id: Number(id) };
    })
    .optional(),
);

export const figureParamsSchema = z.object({
  set: optionalText(200),
  aligned: threshold(DEFAULT_THRESHOLDS.aligned),
  coherent: threshold(DEFAULT_THRESHOLDS.coherent),
  group: optionalText(200),
  question: optionalText(300),
  cursor: cursorSchema,
  page: z.preprocess(
    single,
    z.coerce
      .number({ error: "must be a page number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be 1 or more" })
      .max(1_000_000, { error: "is too large" })
      .default(1),
  ),
});

export type FigureParams = z.infer<typeof figureParamsSchema>;

export const ratesApiParamsSchema = z.object({
  set: z.preprocess(single, z.string({ error: "is required" }).trim().min(1, { error: "is required" }).max(200)),
  aligned: threshold(DEFAULT_THRESHOLDS.aligned),
  coherent: threshold(DEFAULT_THRESHOLDS.coherent),
});

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

/** Link to the Figure-4 page; thresholds at their defaults and absent values are left out. */
export function figureHref(view: {
  set?: string;
  aligned?: number;
  coherent?: number;
  group?: string;
  question?: string;
  cursor?: AnswerCursor;
  page?: number;
  hash?: string;
}): string {
  const params = new URLSearchParams();
  if (view.set) params.set("set", view.set);
  if (view.aligned !== undefined && view.aligned !== DEFAULT_THRESHOLDS.aligned) params.set("aligned", String(view.aligned));
  if (view.coherent !== undefined && view.coherent !== DEFAULT_THRESHOLDS.coherent) params.set("coherent", String(view.coherent));
  if (view.group) params.set("group", view.group);
  if (view.question) params.set("question", view.question);
  if (view.cursor) params.set("cursor", encodeCursor(view.cursor));
  if (view.page && view.page > 1) params.set("page", String(view.page));
  const query = params.toString();
  return `/${query ? `?${query}` : ""}${view.hash ? `#${view.hash}` : ""}`;
}
