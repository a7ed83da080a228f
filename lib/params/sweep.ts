// URL parameters of the sweep view (/sweep) and its JSON API (/api/sweep): one schema, one writer,
// so a copied URL reproduces the view and its data. Scope and method are the shared ones of
// lib/params/method.ts (base, preset, aligned, coherent, denominator, min, ci).
//
//   set=S                        question set (absent: the default set, as Figure 4)
//   x=<attribute key>            a numeric model attribute (absent: the numeric key with the most values)
//   y=misaligned|coherence|alignment|metric:<name>   what is plotted (absent: misaligned)
//   above=T                      with y=metric:<name> only: share of scored answers with score > T (absent: 50)
//   by=group|base                one line per model group (absent) or per base model
//   logx=1                       logarithmic x axis
import { z } from "zod";
import { attributeKeySchema } from "@/lib/domain/attributes";
import { optionalScore, optionalText, single } from "./common";
import { methodParamShape, resolveMethodView, writeMethodParams, type MethodView } from "./method";

export const SWEEP_BY = ["group", "base"] as const;
/** group: one line per model group (training condition); base: one line per base model */
export type SweepBy = (typeof SWEEP_BY)[number];

/** What a sweep plots on y. */
export type SweepY =
  | { kind: "misaligned" }
  | { kind: "coherence" }
  | { kind: "alignment" }
  /** share of a judge metric's scored answers with score > above */
  | { kind: "metric"; metric: string; above: number };

/** `above` when y=metric:<name> names none: the middle of the judge's 0-100 scale. */
export const DEFAULT_METRIC_ABOVE = 50;

const METRIC_PREFIX = "metric:";
const METRIC_NAME_MAX = 100;

const yParam = z.preprocess(
  single,
  z
    .string()
    .trim()
    .transform((text, context) => {
      if (text === "misaligned" || text === "coherence" || text === "alignment") return text;
      if (text.startsWith(METRIC_PREFIX)) {
        const metric = text.slice(METRIC_PREFIX.length).trim();
        if (metric !== "" && metric.length <= METRIC_NAME_MAX && !/[\0\r\n]/.test(metric)) return `${METRIC_PREFIX}${metric}`;
      }
      context.addIssue({ code: "custom", message: "must be misaligned, coherence, alignment or metric:<judge metric name>" });
      return z.NEVER;
    })
    .optional(),
);

/** logx=1 (also true/on/yes); absent, 0/false/off/no: a linear axis. */
const flag = z.preprocess(
  single,
  z
    .enum(["1", "0", "true", "false", "on", "off", "yes", "no"], { error: "must be 1 or 0" })
    .optional()
    .transform((value) => value === "1" || value === "true" || value === "on" || value === "yes"),
);

export const sweepParamsSchema = z
  .object({
    set: optionalText(200),
    x: z.preprocess(single, attributeKeySchema.optional()),
    y: yParam,
    above: optionalScore,
    by: z.preprocess(single, z.enum(SWEEP_BY, { error: "must be group or base" }).default("group")),
    logx: flag,
    ...methodParamShape,
  })
  .superRefine((params, context) => {
    // a parameter the view would ignore is refused, so a link never carries one
    if (params.above !== undefined && !params.y?.startsWith(METRIC_PREFIX)) {
      context.addIssue({ code: "custom", path: ["above"], message: "applies only with y=metric:<name>" });
    }
  });

export type SweepParams = z.infer<typeof sweepParamsSchema>;

/** What a sweep URL holds, resolved: y as a value, the method against its preset. */
export interface SweepViewState extends Partial<MethodView> {
  set?: string;
  /** undefined: the default key, resolved against the data */
  x?: string;
  y: SweepY;
  by: SweepBy;
  logx: boolean;
}

export function sweepYOf(y: string | undefined, above: number | undefined): SweepY {
  if (y === undefined || y === "misaligned") return { kind: "misaligned" };
  if (y === "coherence" || y === "alignment") return { kind: y };
  return { kind: "metric", metric: y.slice(METRIC_PREFIX.length), above: above ?? DEFAULT_METRIC_ABOVE };
}

/** The y's URL value: misaligned, coherence, alignment or metric:<name>. */
export function sweepYParam(y: SweepY): string {
  return y.kind === "metric" ? `${METRIC_PREFIX}${y.metric}` : y.kind;
}

export function sweepViewOf(params: SweepParams): SweepViewState & MethodView {
  return {
    ...resolveMethodView(params),
    set: params.set,
    x: params.x,
    y: sweepYOf(params.y, params.above),
    by: params.by,
    logx: params.logx,
  };
}

/** The query string of a sweep view; defaults are left out so URLs stay short. */
export function sweepQuery(view: Partial<SweepViewState>): string {
  const params = new URLSearchParams();
  if (view.set) params.set("set", view.set);
  if (view.x) params.set("x", view.x);
  if (view.y && view.y.kind !== "misaligned") params.set("y", sweepYParam(view.y));
  if (view.y?.kind === "metric" && view.y.above !== DEFAULT_METRIC_ABOVE) params.set("above", String(view.y.above));
  if (view.by && view.by !== "group") params.set("by", view.by);
  if (view.logx) params.set("logx", "1");
  writeMethodParams(params, view);
  return params.toString();
}

export function sweepHref(path: "/sweep" | "/api/sweep" | "/api/sweep/csv", view: Partial<SweepViewState>): string {
  const query = sweepQuery(view);
  return query ? `${path}?${query}` : path;
}
