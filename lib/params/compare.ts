// URL parameters of the Compare view (/compare), its JSON API (/api/compare) and CSV export
// (/api/compare/csv): the same schema everywhere, so a copied URL reproduces view and exports.
import { z } from "zod";
import { DEFAULT_THRESHOLDS, type Thresholds } from "@/lib/stats/misalignment";
import { optionalText, single, threshold } from "./common";

export const COMPARE_SORTS = ["effect", "question", "p"] as const;
/** effect: |difference| largest first; question: the set's order; p: smallest p-value first */
export type CompareSort = (typeof COMPARE_SORTS)[number];

export const compareParamsSchema = z.object({
  set: optionalText(200),
  a: optionalText(200),
  b: optionalText(200),
  aligned: threshold(DEFAULT_THRESHOLDS.aligned),
  coherent: threshold(DEFAULT_THRESHOLDS.coherent),
  // missing=count: coherent answers without an alignment score (CODE / REFUSAL) enter the denominator
  missing: z.preprocess(single, z.enum(["count", "exclude"], { error: 'must be "count" or "exclude"' }).default("exclude")),
  sort: z.preprocess(single, z.enum(COMPARE_SORTS, { error: 'must be "effect", "question" or "p"' }).default("effect")),
});

export type CompareParams = z.infer<typeof compareParamsSchema>;

export function compareThresholds(params: Pick<CompareParams, "aligned" | "coherent" | "missing">): Thresholds {
  return { aligned: params.aligned, coherent: params.coherent, countMissingAligned: params.missing === "count" };
}

/** The query string of a compare view; defaults are left out so URLs stay short. */
export function compareQuery(view: Partial<CompareParams>): string {
  const params = new URLSearchParams();
  if (view.set) params.set("set", view.set);
  if (view.a) params.set("a", view.a);
  if (view.b) params.set("b", view.b);
  if (view.aligned !== undefined && view.aligned !== DEFAULT_THRESHOLDS.aligned) params.set("aligned", String(view.aligned));
  if (view.coherent !== undefined && view.coherent !== DEFAULT_THRESHOLDS.coherent) params.set("coherent", String(view.coherent));
  if (view.missing === "count") params.set("missing", "count");
  if (view.sort && view.sort !== "effect") params.set("sort", view.sort);
  return params.toString();
}

export function compareHref(path: "/compare" | "/api/compare" | "/api/compare/csv", view: Partial<CompareParams>): string {
  const query = compareQuery(view);
  return query ? `${path}?${query}` : path;
}

/**
 * The two groups shown when the URL names none (or only one): insecure vs secure when the set has
 * both, else insecure vs base, else the first two groups in display order. `groups` is in display
 * order and holds only groups with answers in the set. null when fewer than two groups remain.
 */
export function defaultGroupPair(groups: string[], chosen: { a?: string; b?: string } = {}): { a: string; b: string } | null {
  const has = (name: string) => groups.includes(name);
  if (chosen.a && chosen.b) return { a: chosen.a, b: chosen.b };
  if (!chosen.a && !chosen.b) {
    if (has("insecure") && has("secure")) return { a: "insecure", b: "secure" };
    if (has("insecure") && has("base")) return { a: "insecure", b: "base" };
    return groups.length >= 2 ? { a: groups[0], b: groups[1] } : null;
  }
  // One side given: pair it with the preferred partner that is not itself.
  const given = (chosen.a ?? chosen.b) as string;
  const preferred = chosen.a ? ["secure", "base"] : ["insecure"];
  const partner = [...preferred, ...groups].find((name) => name !== given && has(name));
  if (!partner) return null;
  return chosen.a ? { a: given, b: partner } : { a: partner, b: given };
}
