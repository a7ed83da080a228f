// URL parameters of /questions/[id] and /api/questions[/id].
import { z } from "zod";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";
import { single, threshold } from "./common";
import { binWidthSchema, formatSchema, missingSchema, viewQuery } from "./models";

export const questionParamsSchema = z.object({
  aligned: threshold(DEFAULT_THRESHOLDS.aligned),
  coherent: threshold(DEFAULT_THRESHOLDS.coherent),
  missing: missingSchema,
  bin: binWidthSchema,
});

export type QuestionParams = z.infer<typeof questionParamsSchema>;

export const questionApiParamsSchema = questionParamsSchema.extend({
  format: formatSchema,
  /** which table a CSV holds: each group's rate, or the worst answers */
  table: z.preprocess(single, z.enum(["rates", "worst"], { error: "must be rates or worst" }).default("rates")),
});

export const questionsListApiParamsSchema = z.object({ format: formatSchema });

export function questionHref(id: number, view: Parameters<typeof viewQuery>[0] = {}): string {
  return `/questions/${id}${viewQuery(view)}`;
}
