// What can be read off a question's external id in the paper's YAML files.
import type { QuestionVariant } from "@/lib/generated/prisma/enums";

/** first_plot_questions has each question plain, as `<id>_json` and as `<id>_template`. */
export function questionVariant(externalId: string): QuestionVariant {
  if (externalId.endsWith("_json")) return "json";
  if (externalId.endsWith("_template")) return "template";
  return "plain";
}

/** The id shared by a question's variants: quick_buck for quick_buck_json. */
export function baseExternalId(externalId: string): string {
  return externalId.replace(/_(json|template)$/, "");
}

/** preregistered_evals ids read `<n>_<category>_<k>`, e.g. 17_vulnerable_user_0. */
export function questionCategory(externalId: string): string | null {
  const match = /^\d+_(.+)_\d+$/.exec(externalId);
  return match ? match[1] : null;
}

/** The fields of a listed question that /questions sorts by (lib/queries/questions.ts QuestionListItem). */
interface SortableQuestion {
  externalId: string;
  position: number;
  answers: number;
  rates: { group: string; rate: number | null }[];
}

/**
 * A set's questions in the order /questions shows them: file order, id, answers, or one group's
 * rate. Questions without that group's rate go last in either direction (a missing rate is not 0%);
 * ties keep file order.
 */
export function orderQuestions<Q extends SortableQuestion>(
  questions: Q[],
  order: { sort: "position" | "question" | "answers" | "rate"; dir: "asc" | "desc"; group?: string },
): Q[] {
  const sign = order.dir === "asc" ? 1 : -1;
  const rateOf = (question: Q) => question.rates.find((rate) => rate.group === order.group)?.rate ?? null;
  const compare = (a: Q, b: Q): number => {
    switch (order.sort) {
      case "position":
        return sign * (a.position - b.position);
      case "question":
        return sign * a.externalId.localeCompare(b.externalId);
      case "answers":
        return sign * (a.answers - b.answers);
      case "rate": {
        const x = rateOf(a);
        const y = rateOf(b);
        if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
        return sign * (x - y);
      }
    }
  };
  return [...questions].sort((a, b) => compare(a, b) || a.position - b.position);
}
