// URL parameters of the answer browser (/answers), its permalink's "opened from" filter, the JSON
// API (/api/answers) and the CSV export (/api/answers/csv): one schema, so a copied URL, the API
// and the export always mean the same set of answers.
import { z } from "zod";
import type { ScoreSource } from "@/lib/domain/score-source";
import { metricNameSchema } from "@/lib/domain/metrics";
import type { Thresholds } from "@/lib/stats/misalignment";
import {
  answerIdSchema,
  cursorParam,
  encodeKeysetCursor,
  isIntCursor,
  optionalScore,
  optionalText,
  single,
  type KeysetCursor,
  pageNumberParam,
} from "./common";
import { methodParamShape, resolveMethodView, writeMethodParams, type MethodView } from "./method";

export { decodeKeysetCursor, encodeKeysetCursor, type KeysetCursor } from "./common";

export const ANSWER_SORT_KEYS = ["aligned", "coherent", "sample"] as const;
export type AnswerSortKey = (typeof ANSWER_SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

/** An optional score bound (0..100). */
const scoreBound = optionalScore;

/** A checkbox-like flag: 1/true/on/yes set it; absent, empty, 0/false/off/no clear it. */
const flag = z.preprocess(
  single,
  z
    .enum(["1", "0", "true", "false", "on", "off", "yes", "no"], { error: "must be 1 or 0" })
    .optional()
    .transform((value) => value === "1" || value === "true" || value === "on" || value === "yes"),
);

export const answerBrowserParamsSchema = z
  .object({
    set: optionalText(200),
    question: optionalText(300),
    group: optionalText(200),
    model: optionalText(300),
    seed: z.preprocess(
      single,
      z.coerce
        .number({ error: "must be a whole number" })
        .int({ error: "must be a whole number" })
        .min(-2_147_483_648, { error: "is out of range" })
        .max(2_147_483_647, { error: "is out of range" })
        .optional(),
    ),
    alignedMin: scoreBound,
    alignedMax: scoreBound,
    coherentMin: scoreBound,
    coherentMax: scoreBound,
    misaligned: flag,
    /** an extra judge metric (medical, bad_stuff…) and a range of its score: answers scored in it */
    metric: z.preprocess(single, metricNameSchema.optional()),
    metricMin: scoreBound,
    metricMax: scoreBound,
    /** one import batch's answers (the batch page and the import report link here) */
    batch: z.preprocess(
      single,
      z.coerce
        .number({ error: "must be a batch id" })
        .int({ error: "must be a batch id" })
        .positive({ error: "must be a batch id" })
        .max(2_147_483_647, { error: "is out of range" })
        .optional(),
    ),
    // scope and method, as on every view: the base model filters the models (absent: all base
    // models, this is a browser), the method decides "misaligned" and the verdicts
    ...methodParamShape,
    q: optionalText(500),
    sort: z.preprocess(single, z.enum(ANSWER_SORT_KEYS, { error: "must be aligned, coherent or sample" }).default("aligned")),
    dir: z.preprocess(single, z.enum(["asc", "desc"], { error: "must be asc or desc" }).default("asc")),
    cursor: cursorParam,
    before: cursorParam,
    page: pageNumberParam,
    view: z.preprocess(single, z.enum(["formatted", "raw"], { error: "must be formatted or raw" }).default("formatted")),
  })
  .superRefine((params, context) => {
    if (params.cursor && params.before) {
      context.addIssue({ code: "custom", path: ["before"], message: "cannot be combined with cursor" });
    }
    for (const bound of ["metricMin", "metricMax"] as const) {
      if (params[bound] !== undefined && params.metric === undefined) {
        context.addIssue({ code: "custom", path: [bound], message: "needs metric (the metric it bounds, e.g. metric=medical)" });
      }
    }
    for (const [min, max] of [
      ["alignedMin", "alignedMax"],
      ["coherentMin", "coherentMax"],
      ["metricMin", "metricMax"],
    ] as const) {
      const low = params[min];
      const high = params[max];
      if (low !== undefined && high !== undefined && low > high) {
        context.addIssue({ code: "custom", path: [min], message: `must not be above ${max}` });
      }
    }
    // A sample cursor is a whole number within int4 (the sample_index column); a score cursor may
    // be null (missing score) and any finite double (the scores are float8).
    for (const key of ["cursor", "before"] as const) {
      const cursor = params[key];
      if (cursor && params.sort === "sample" && !isIntCursor(cursor)) {
        context.addIssue({ code: "custom", path: [key], message: "is not a valid page cursor for the sample sort" });
      }
    }
  });

export type AnswerBrowserParams = z.infer<typeof answerBrowserParamsSchema>;

/** The filter part of the params: which answers (not how they are ordered or paged). */
export interface AnswerFilters {
  set?: string;
  question?: string;
  group?: string;
  model?: string;
  seed?: number;
  alignedMin?: number;
  alignedMax?: number;
  coherentMin?: number;
  coherentMax?: number;
  /** answers with a score of this extra metric (in metricMin..metricMax, inclusive, when given) */
  metric?: string;
  metricMin?: number;
  metricMax?: number;
  batch?: number;
  misalignedOnly: boolean;
  /** the rule's thresholds, and the score source (judge, corrected) the list reads */
  thresholds: Thresholds & { source?: ScoreSource };
  /** scope and method as written in the URL (carried by every link of the list); absent: the defaults, all base models */
  methodView?: MethodView;
  search?: string;
}

export interface AnswerSort {
  key: AnswerSortKey;
  dir: SortDirection;
}

export function filtersFromParams(params: AnswerBrowserParams): AnswerFilters & { methodView: MethodView } {
  const methodView = resolveMethodView(params);
  return {
    set: params.set,
    question: params.question,
    group: params.group,
    model: params.model,
    seed: params.seed,
    alignedMin: params.alignedMin,
    alignedMax: params.alignedMax,
    coherentMin: params.coherentMin,
    coherentMax: params.coherentMax,
    metric: params.metric,
    metricMin: params.metricMin,
    metricMax: params.metricMax,
    batch: params.batch,
    misalignedOnly: params.misaligned,
    thresholds: methodView.method,
    methodView,
    search: params.q,
  };
}

/** Everything that defines the list (filters + sort), without paging or display options. */
export interface AnswerListState {
  filters: AnswerFilters;
  sort: AnswerSort;
}

/**
 * URL search params for a list state; defaults are left out so URLs stay short. `extra` adds
 * paging (cursor/before/page) or the permalink's view.
 */
export function answerListSearchParams(
  state: AnswerListState,
  extra: { cursor?: KeysetCursor; before?: KeysetCursor; page?: number; view?: "formatted" | "raw" } = {},
): URLSearchParams {
  const { filters, sort } = state;
  const params = new URLSearchParams();
  const put = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== "") params.set(key, String(value));
  };
  put("q", filters.search);
  put("set", filters.set);
  put("question", filters.question);
  put("group", filters.group);
  put("model", filters.model);
  put("seed", filters.seed);
  put("alignedMin", filters.alignedMin);
  put("alignedMax", filters.alignedMax);
  put("coherentMin", filters.coherentMin);
  put("coherentMax", filters.coherentMax);
  put("metric", filters.metric);
  put("metricMin", filters.metricMin);
  put("metricMax", filters.metricMax);
  put("batch", filters.batch);
  if (filters.misalignedOnly) params.set("misaligned", "1");
  if (filters.methodView) writeMethodParams(params, filters.methodView);
  if (sort.key !== "aligned") params.set("sort", sort.key);
  if (sort.dir !== "asc") params.set("dir", sort.dir);
  if (extra.cursor) params.set("cursor", encodeKeysetCursor(extra.cursor));
  if (extra.before) params.set("before", encodeKeysetCursor(extra.before));
  if (extra.page && extra.page > 1) params.set("page", String(extra.page));
  if (extra.view && extra.view !== "formatted") params.set("view", extra.view);
  return params;
}

export function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** Link to the browser showing this list state (first page unless paging is given). */
export function answersHref(state: AnswerListState, extra: Parameters<typeof answerListSearchParams>[1] = {}): string {
  return withQuery("/answers", answerListSearchParams(state, extra));
}

/** A public id: 20 lowercase hex characters, the first 80 bits of its hash (lib/answers/public-id.ts). */
const PUBLIC_ID_PATTERN = /^[0-9a-f]{20}$/;
/** A serial id as the old permalinks have it: 1-10 digits, no leading zero (never 20 characters long). */
const LEGACY_ID_PATTERN = /^[1-9][0-9]{0,9}$/;

/**
 * What /answers/<ref> names: a public id (the permalink), or a serial id of an old link
 * (/answers/123, redirected to the public id); null for anything else (404).
 */
export function parseAnswerRef(raw: string): { publicId: string } | { id: number } | null {
  if (PUBLIC_ID_PATTERN.test(raw)) return { publicId: raw };
  if (!LEGACY_ID_PATTERN.test(raw)) return null;
  const id = answerIdSchema.safeParse(raw);
  return id.success ? { id: id.data } : null;
}

/** The <ref> of a permalink path /answers/<ref> (proxy.ts: a removed answer's link answers 410), else null. */
export function answerRefOfPath(pathname: string): string | null {
  const match = /^\/answers\/([^/]+)\/?$/.exec(pathname);
  return match ? match[1] : null;
}

/**
 * Link to one answer's permalink (its public id: the same in every instance that imported the same
 * file). `state`: the list it was opened from (for prev/next), or a ready query string (the page's
 * scope and method, methodQuery). Every answer link in the app is built here.
 */
export function answerPermalinkHref(publicId: string, state?: AnswerListState | string, view?: "formatted" | "raw"): string {
  const path = `/answers/${encodeURIComponent(publicId)}`;
  if (typeof state === "string") {
    const params = new URLSearchParams(state);
    if (view === "raw") params.set("view", view);
    return withQuery(path, params);
  }
  return withQuery(path, state ? answerListSearchParams(state, { view }) : new URLSearchParams(view === "raw" ? { view } : {}));
}

/** Whether a filter on the headline scores narrows the list: misaligned only, or an alignment or coherence range. */
export function hasScoreFilter(filters: AnswerFilters): boolean {
  return (
    filters.misalignedOnly ||
    filters.alignedMin !== undefined ||
    filters.alignedMax !== undefined ||
    filters.coherentMin !== undefined ||
    filters.coherentMax !== undefined
  );
}

/** Whether any filter narrows the list (for the "clear filters" empty state). */
export function hasActiveFilters(filters: AnswerFilters): boolean {
  return (
    filters.set !== undefined ||
    filters.question !== undefined ||
    filters.group !== undefined ||
    filters.model !== undefined ||
    filters.seed !== undefined ||
    hasScoreFilter(filters) ||
    filters.metric !== undefined ||
    filters.batch !== undefined ||
    filters.methodView?.base !== undefined ||
    (filters.methodView?.attributes?.length ?? 0) > 0 ||
    filters.search !== undefined
  );
}
