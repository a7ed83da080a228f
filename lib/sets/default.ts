// Which set a page shows when the URL names none: pure, no database.
import type { QuestionSetSummary } from "@/lib/sets/types";

/** The set shown when the URL names none: the first real set with answers, else a demo set with answers. */
export function defaultSet(sets: QuestionSetSummary[]): QuestionSetSummary | null {
  const withAnswers = sets.filter((set) => set.answers > 0);
  return withAnswers.find((set) => !set.isDemo) ?? withAnswers[0] ?? null;
}
