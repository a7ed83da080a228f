// URL parameters of the Figure-4 page and of /api/rates.
import { z } from "zod";
import { optionalText, requiredText, single, decodeKeysetCursor, encodeKeysetCursor, type KeysetCursor, pageNumberParam } from "./common";
import { methodParamShape, resolveMethodView, writeMethodParams, type MethodView } from "./method";

/**
 * Keyset cursor of the Figure-4 answers list: the last row's part of the list (`stage` 1: answers
 * the point's rate counts; 2: the others), its aligned score (`value`) and id. In the URL a
 * stage-1 cursor is `<value>:<id>`, exactly the format before the list had parts, so links made
 * then still open the same page; a stage-2 cursor is `s2:<value>:<id>` (`s1:` is accepted too).
 */
export interface AnswerCursor extends KeysetCursor {
  stage: AnswerStage;
}

/** 1: counted by the point's rate; 2: not counted (incoherent, no score, or its model left out). */
export type AnswerStage = 1 | 2;

const STAGE_PREFIX = /^s([12]):/i;

export function encodeAnswerCursor(cursor: AnswerCursor): string {
  const keyset = encodeKeysetCursor(cursor);
  return cursor.stage === 1 ? keyset : `s${cursor.stage}:${keyset}`;
}

/** The cursor for a URL value, or null when it is not one. */
export function decodeAnswerCursor(text: string): AnswerCursor | null {
  const prefix = STAGE_PREFIX.exec(text);
  const keyset = decodeKeysetCursor(prefix ? text.slice(prefix[0].length) : text);
  if (!keyset) return null;
  return { stage: prefix?.[1] === "2" ? 2 : 1, value: keyset.value, id: keyset.id };
}

const answerCursorParam = z.preprocess(
  single,
  z
    .string()
    .transform((text, context) => {
      const cursor = decodeAnswerCursor(text);
      if (!cursor) {
        context.addIssue({ code: "custom", message: "is not a valid page cursor" });
        return z.NEVER;
      }
      return cursor;
    })
    .optional(),
);

export const MAX_CHOSEN_GROUPS = 30;

/**
 * `groups=insecure,secure,base`: the groups shown, in legend / plot order. Absent = every group
 * with answers, in the groups' display order. Duplicates keep their first place.
 */
const groupsSchema = z.preprocess(
  single,
  z
    .string()
    .max(2000, { error: "is too long" })
    .transform((text) => [
      ...new Set(
        text
          .split(",")
          .map((name) => name.trim())
          .filter((name) => name !== ""),
      ),
    ])
    .refine((names) => names.length <= MAX_CHOSEN_GROUPS, { error: `may name at most ${MAX_CHOSEN_GROUPS} groups` })
    .refine((names) => names.every((name) => name.length <= 200), { error: "has a group name longer than 200 characters" })
    .refine((names) => names.every((name) => !name.includes("\0")), { error: "must not contain a NUL character (%00)" })
    .optional()
    .transform((names) => (names && names.length > 0 ? names : undefined)),
);

export const FIGURE_LAYOUTS = ["questions", "variants"] as const;
/** questions: one x position per question; variants: x = base question, its variants side by side */
export type FigureLayout = (typeof FIGURE_LAYOUTS)[number];

const layoutSchema = z.preprocess(single, z.enum(FIGURE_LAYOUTS, { error: "must be questions or variants" }).default("questions"));

export const OVERALL_BY = ["set", "category", "variant"] as const;

export const figureParamsSchema = z.object({
  set: optionalText(200),
  ...methodParamShape,
  groups: groupsSchema,
  layout: layoutSchema,
  model: optionalText(300),
  group: optionalText(200),
  question: optionalText(300),
  cursor: answerCursorParam,
  page: pageNumberParam,
});

export type FigureParams = z.infer<typeof figureParamsSchema>;

export const ratesApiParamsSchema = z.object({
  // (its own z.string({ error: "is required" }) once answered "set is required" to a 9,000-character set)
  set: requiredText(200),
  ...methodParamShape,
  groups: groupsSchema,
});

export type RatesApiParams = z.infer<typeof ratesApiParamsSchema>;

/** /api/rates/overall: the same filters plus how questions are pooled. */
export const overallRatesApiParamsSchema = ratesApiParamsSchema.extend({
  by: z.preprocess(single, z.enum(OVERALL_BY, { error: "must be set, category or variant" }).default("set")),
});

/** The view-wide part of a Figure-4 URL (what the scope, method, group and layout controls set). */
export interface FigureView extends Partial<MethodView> {
  set?: string;
  groups?: string[];
  layout?: FigureLayout;
}

/** The figure view of parsed params (method resolved against its preset). */
export function figureViewOf(
  params: Pick<FigureParams, "set" | "groups" | "layout"> & Parameters<typeof resolveMethodView>[0],
): FigureView & MethodView {
  return { ...resolveMethodView(params), set: params.set, groups: params.groups, layout: params.layout };
}

/** Query string of the shared filters (set, scope, method, groups); defaults are left out. */
export function filterSearchParams(view: FigureView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.set) params.set("set", view.set);
  writeMethodParams(params, view);
  if (view.groups && view.groups.length > 0) params.set("groups", view.groups.join(","));
  return params;
}

/** A query string with readable commas (groups=insecure,base): commas are legal in a query. */
export function toQueryString(params: URLSearchParams): string {
  return params.toString().replace(/%2C/gi, ",");
}

/** Link to the Figure-4 page; thresholds at their defaults and absent values are left out. */
export function figureHref(
  view: FigureView & {
    model?: string;
    group?: string;
    question?: string;
    cursor?: AnswerCursor;
    page?: number;
    hash?: string;
  },
): string {
  const params = filterSearchParams(view);
  if (view.layout && view.layout !== "questions") params.set("layout", view.layout);
  if (view.model) params.set("model", view.model);
  if (view.group) params.set("group", view.group);
  if (view.question) params.set("question", view.question);
  if (view.cursor) params.set("cursor", encodeAnswerCursor(view.cursor));
  if (view.page && view.page > 1) params.set("page", String(view.page));
  const query = toQueryString(params);
  return `/${query ? `?${query}` : ""}${view.hash ? `#${view.hash}` : ""}`;
}
