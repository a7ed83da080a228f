// URL parameters of /models, /models/[id] and /api/models[/id]. Scope and method are the params
// every view shares (lib/params/method.ts: base, preset, aligned, coherent, denominator, min, ci),
// spelled and written back the same way, so a link carries a view from one page to the next.
import { z } from "zod";
import { BIN_WIDTHS, DEFAULT_BIN_WIDTH, type BinWidth } from "@/lib/stats/histogram";
import { optionalText, single } from "./common";
import { methodParamShape, writeMethodParams, type MethodView } from "./method";

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
  ...methodParamShape,
  /** scatter (and histograms) restricted to one question of the set, by external id */
  question: optionalText(300),
  bin: binWidthSchema,
});

export type ModelParams = z.infer<typeof modelParamsSchema>;

export const modelApiParamsSchema = modelParamsSchema.extend({ format: formatSchema });

/**
 * /models and /api/models: the models of one base-model scope (default: as on every page),
 * optionally one group's. The method params are accepted only so that links from the list to a
 * model page keep the view they came from (the list itself shows no rate).
 */
export const modelsListParamsSchema = z.object({ group: optionalText(200), ...methodParamShape });
export type ModelsListParams = z.infer<typeof modelsListParamsSchema>;
export const modelsListApiParamsSchema = modelsListParamsSchema.extend({ format: formatSchema });

/** What the model and question pages write into their links. */
export interface EntityView extends Partial<MethodView> {
  set?: string;
  question?: string;
  bin?: number;
  format?: "json" | "csv";
}

/** Query string of a view ("?..." or ""): scope and method as every page writes them, defaults left out. */
export function viewQuery(view: EntityView = {}): string {
  const params = new URLSearchParams();
  if (view.set) params.set("set", view.set);
  writeMethodParams(params, view);
  if (view.question) params.set("question", view.question);
  if (view.bin !== undefined && view.bin !== DEFAULT_BIN_WIDTH) params.set("bin", String(view.bin));
  if (view.format === "csv") params.set("format", "csv");
  const query = params.toString();
  return query ? `?${query}` : "";
}

export function modelHref(id: number, view: EntityView = {}): string {
  return `/models/${id}${viewQuery(view)}`;
}

/** The models list: one group's (or all) within the view's scope, keeping its method for onward links. */
export function modelsListHref(view: Partial<MethodView> & { group?: string } = {}): string {
  const params = new URLSearchParams();
  if (view.group) params.set("group", view.group);
  writeMethodParams(params, view);
  const query = params.toString();
  return `/models${query ? `?${query}` : ""}`;
}
