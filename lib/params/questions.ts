// URL parameters of /questions, /questions/[id] and /api/questions[/id]: scope and method as on
// every page (lib/params/method.ts), plus the histogram bin width.
import { z } from "zod";
import { optionalText, single } from "./common";
import { methodParamShape, writeMethodParams, type MethodView } from "./method";
import { binWidthSchema, formatSchema, viewQuery, type EntityView } from "./models";

export const questionParamsSchema = z.object({
  ...methodParamShape,
  bin: binWidthSchema,
});

export type QuestionParams = z.infer<typeof questionParamsSchema>;

export const questionApiParamsSchema = questionParamsSchema.extend({
  format: formatSchema,
  /** which table a CSV holds: each group's rate, or the worst answers */
  table: z.preprocess(single, z.enum(["rates", "worst"], { error: "must be rates or worst" }).default("rates")),
});

/** How /questions orders each set's questions: file order, id, answers, or one group's rate. */
export const QUESTION_LIST_SORTS = ["position", "question", "answers", "rate"] as const;
export type QuestionListSort = (typeof QUESTION_LIST_SORTS)[number];

/**
 * /questions and /api/questions: answer counts and each group's rate in one base-model scope, by
 * the view's method. `sort=rate&group=insecure` orders by that group's rate (questions without one last).
 */
export const questionsListParamsSchema = z.object({
  ...methodParamShape,
  sort: z.preprocess(single, z.enum(QUESTION_LIST_SORTS, { error: "must be position, question, answers or rate" }).default("position")),
  dir: z.preprocess(single, z.enum(["asc", "desc"], { error: "must be asc or desc" }).optional()),
  group: optionalText(200),
});
export type QuestionsListParams = z.infer<typeof questionsListParamsSchema>;
export const questionsListApiParamsSchema = questionsListParamsSchema.extend({ format: formatSchema });

export function questionHref(id: number, view: Omit<EntityView, "set" | "question"> = {}): string {
  return `/questions/${id}${viewQuery(view)}`;
}

export interface QuestionListOrder {
  sort: QuestionListSort;
  dir: "asc" | "desc";
  /** the group whose rate `sort=rate` orders by */
  group?: string;
}

/** Answers and rates read best from the top (most first); ids and file order from A / the start. */
export const defaultQuestionListDir = (sort: QuestionListSort): "asc" | "desc" => (sort === "answers" || sort === "rate" ? "desc" : "asc");

export function questionsListHref(view: Partial<MethodView> = {}, hash?: string, order?: QuestionListOrder): string {
  const params = writeMethodParams(new URLSearchParams(), view);
  if (order && order.sort !== "position") params.set("sort", order.sort);
  if (order && order.dir !== defaultQuestionListDir(order.sort)) params.set("dir", order.dir);
  if (order?.sort === "rate" && order.group) params.set("group", order.group);
  const query = params.toString();
  return `/questions${query ? `?${query}` : ""}${hash ? `#${hash}` : ""}`;
}
