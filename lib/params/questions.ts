// URL parameters of /questions, /questions/[id] and /api/questions[/id]: scope and method as on
// every page (lib/params/method.ts), plus the histogram bin width.
import { z } from "zod";
import { single } from "./common";
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

/** /questions and /api/questions: answer counts of one base-model scope; the method rides along for links. */
export const questionsListParamsSchema = z.object({ ...methodParamShape });
export type QuestionsListParams = z.infer<typeof questionsListParamsSchema>;
export const questionsListApiParamsSchema = questionsListParamsSchema.extend({ format: formatSchema });

export function questionHref(id: number, view: Omit<EntityView, "set" | "question"> = {}): string {
  return `/questions/${id}${viewQuery(view)}`;
}

export function questionsListHref(view: Partial<MethodView> = {}, hash?: string): string {
  const query = writeMethodParams(new URLSearchParams(), view).toString();
  return `/questions${query ? `?${query}` : ""}${hash ? `#${hash}` : ""}`;
}
