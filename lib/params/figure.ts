// URL parameters of the Figure-4 page and of /api/rates.
import { z } from "zod";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";
import { optionalText, single, threshold } from "./common";

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
