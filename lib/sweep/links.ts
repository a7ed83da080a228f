// Where a sweep point leads: a model's answers in the answer browser, with the sweep's set, scope
// and method (so "misaligned" there is judged as the point was).
import { answersHref } from "@/lib/params/answers";
import type { MethodView } from "@/lib/params/method";

export function sweepModelAnswersHref(model: string, view: { set: string } & MethodView): string {
  return answersHref({
    filters: { set: view.set, model, misalignedOnly: false, thresholds: view.method, methodView: view },
    sort: { key: "aligned", dir: "asc" },
  });
}
