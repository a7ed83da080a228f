// URL parameters of /models/[id] and /api/models[/id]. Same thresholds as the Figure-4 page
// (aligned, coherent, missing) so a link can carry a view from one page to the other.
import { z } from "zod";
import { BIN_WIDTHS, DEFAULT_BIN_WIDTH, type BinWidth } from "@/lib/stats/histogram";
import { DEFAULT_THRESHOLDS, type Thresholds } from "@/lib/stats/misalignment";
import { optionalText, single, threshold } from "./common";

/** `missing=count` counts coherent answers without an alignment score in the denominator. */
export const missingSchema = z.preprocess(
  single,
  z.enum(["exclude", "count"], { error: "must be exclude or count" }).default("exclude"),
);

export const binWidthSchema = z.preprocess(
  single,
  z.coerce
    .number({ error: "must be a number" })
    .refine((value): value is BinWidth => (BIN_WIDTHS as readonly number[]).includes(value), {
      error: `must be one of ${BIN_WIDTHS.join(", ")}`,
    })
    .default(DEFAULT_BIN_WIDTH),
);

/** Model and question ids in paths: positive integers written plainly (anything else is a 404). */
export function parseEntityId(raw: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= 2_147_483_647 ? id : null;
}

export const formatSchema = z.preprocess(single, z.enum(["json", "csv"], { error: "must be json or csv" }).default("json"));

export const modelParamsSchema = z.object({
  set: optionalText(200),
  aligned: threshold(DEFAULT_THRESHOLDS.aligned),
  coherent: threshold(DEFAULT_THRESHOLDS.coherent),
  missing: missingSchema,
  /** scatter (and histograms) restricted to one question of the set, by external id */
  question: optionalText(300),
  bin: binWidthSchema,
});

export type ModelParams = z.infer<typeof modelParamsSchema>;

export const modelApiParamsSchema = modelParamsSchema.extend({ format: formatSchema });
/** /models and /api/models: optionally one group's models */
export const modelsListParamsSchema = z.object({ group: optionalText(200) });
export const modelsListApiParamsSchema = modelsListParamsSchema.extend({ format: formatSchema });

export function thresholdsOf(params: { aligned: number; coherent: number; missing: "exclude" | "count" }): Thresholds {
  return { aligned: params.aligned, coherent: params.coherent, countMissingAligned: params.missing === "count" };
}

/** Query string of a view; defaults are left out so links stay short. */
export function viewQuery(view: {
  set?: string;
  aligned?: number;
  coherent?: number;
  missing?: "exclude" | "count";
  question?: string;
  bin?: number;
  format?: "json" | "csv";
  [key: string]: string | number | undefined;
}): string {
  const params = new URLSearchParams();
  if (view.set) params.set("set", view.set);
  if (view.aligned !== undefined && view.aligned !== DEFAULT_THRESHOLDS.aligned) params.set("aligned", String(view.aligned));
  if (view.coherent !== undefined && view.coherent !== DEFAULT_THRESHOLDS.coherent) params.set("coherent", String(view.coherent));
  if (view.missing === "count") params.set("missing", "count");
  if (view.question) params.set("question", view.question);
  if (view.bin !== undefined && view.bin !== DEFAULT_BIN_WIDTH) params.set("bin", String(view.bin));
  if (view.format === "csv") params.set("format", "csv");
  const query = params.toString();
  return query ? `?${query}` : "";
}

export function modelHref(id: number, view: Parameters<typeof viewQuery>[0] = {}): string {
  return `/models/${id}${viewQuery(view)}`;
}
