// URL parameters of the review queue (/review): which answers (set, question, group, base model),
// the thresholds "near a threshold" is measured from (the method codec, as on every view), whether
// answers someone labelled already are hidden, and the keyset cursor (priority:id).
import { z } from "zod";
import { cursorParam, encodeKeysetCursor, optionalText, single, type KeysetCursor } from "./common";
import { methodParamShape, resolveMethodView, writeMethodParams, type MethodView } from "./method";

export const reviewQueueParamsSchema = z.object({
  set: optionalText(200),
  question: optionalText(300),
  group: optionalText(200),
  ...methodParamShape,
  /** 1: only answers no reviewer has labelled yet */
  unlabelled: z.preprocess(
    single,
    z
      .enum(["1", "0"], { error: "must be 1 or 0" })
      .optional()
      .transform((value) => value === "1"),
  ),
  cursor: cursorParam,
});
export type ReviewQueueParams = z.output<typeof reviewQueueParamsSchema>;

export interface ReviewQueueState {
  set?: string;
  question?: string;
  group?: string;
  unlabelled: boolean;
  methodView: MethodView;
  cursor?: KeysetCursor;
}

export function reviewQueueState(params: ReviewQueueParams): ReviewQueueState {
  return {
    set: params.set,
    question: params.question,
    group: params.group,
    unlabelled: params.unlabelled,
    methodView: resolveMethodView(params),
    cursor: params.cursor,
  };
}

/** The queue's URL for a state (the one serializer: the filter form, paging and links agree). */
export function reviewQueueHref(state: ReviewQueueState): string {
  const params = new URLSearchParams();
  if (state.set) params.set("set", state.set);
  if (state.question) params.set("question", state.question);
  if (state.group) params.set("group", state.group);
  writeMethodParams(params, state.methodView);
  if (state.unlabelled) params.set("unlabelled", "1");
  if (state.cursor) params.set("cursor", encodeKeysetCursor(state.cursor));
  const query = params.toString();
  return query ? `/review?${query}` : "/review";
}
