// URL parameters of the Compare view (/compare), its JSON API (/api/compare) and CSV export
// (/api/compare/csv): the same schema everywhere, so a copied URL reproduces view and exports.
// Scope and method (base, preset, aligned, coherent, denominator, min, ci; legacy missing=count)
// are the shared ones of lib/params/method.ts, read and written by its functions, so a compare URL
// spells them exactly as every other view does.
import { z } from "zod";
import { optionalText, single } from "./common";
import { methodParamShape, resolveMethodView, writeMethodParams, type MethodView } from "./method";

export const COMPARE_SORTS = ["effect", "question", "p"] as const;
/** effect: |difference| largest first; question: the set's order; p: smallest p-value first */
export type CompareSort = (typeof COMPARE_SORTS)[number];

export const compareParamsSchema = z.object({
  set: optionalText(200),
  a: optionalText(200),
  b: optionalText(200),
  ...methodParamShape,
  sort: z.preprocess(single, z.enum(COMPARE_SORTS, { error: 'must be "effect", "question" or "p"' }).default("effect")),
});

export type CompareParams = z.infer<typeof compareParamsSchema>;

/** What a compare URL holds: set, the two groups, sort, and the shared scope and method. */
export interface CompareViewState extends Partial<MethodView> {
  set?: string;
  a?: string;
  b?: string;
  sort?: CompareSort;
}

/** The view state of parsed params: the method resolved against its preset (legacy missing=count included). */
export function compareViewOf(params: CompareParams): CompareViewState & MethodView {
  return { ...resolveMethodView(params), set: params.set, a: params.a, b: params.b, sort: params.sort };
}

/** The query string of a compare view; defaults are left out so URLs stay short. */
export function compareQuery(view: CompareViewState): string {
  const params = new URLSearchParams();
  if (view.set) params.set("set", view.set);
  if (view.a) params.set("a", view.a);
  if (view.b) params.set("b", view.b);
  writeMethodParams(params, view);
  if (view.sort && view.sort !== "effect") params.set("sort", view.sort);
  return params.toString();
}

export function compareHref(path: "/compare" | "/api/compare" | "/api/compare/csv", view: CompareViewState): string {
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
