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
