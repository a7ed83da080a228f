// URL parameters of the side-by-side view (/side-by-side): two sides (a model group or one model),
// one question of a set, the order of each side's answers, the "only where the verdicts differ"
// filter and the page, plus the scope and method every view shares (lib/params/method.ts), so the
// verdicts and rates are judged exactly as on Figure 4 and Compare.
//
//   a=group:insecure  b=model:<model name>   a side; a value without a known prefix is a group name,
//                                             so a compare link's bare group (a=insecure) also works
//   question=<question id>                    the question's id in its set (what_is_your_wish), as /answers names it
//   order=random|score                        random (default): seeded by `seed`; score: aligned ascending, NULLs last
//   seed=N                                    the random order's seed (absent: DEFAULT_SEED)
//   differ=1                                  only pairs whose verdicts differ
//   page=N                                    pages of PAIRS_PER_PAGE pairs
import { z } from "zod";
import { MAX_TEXT_PARAM, optionalText, pageNumberParam, single } from "./common";
import { methodParamShape, resolveMethodView, writeMethodParams, type MethodView } from "./method";

export const SIDE_KINDS = ["group", "model"] as const;
export type SideKind = (typeof SIDE_KINDS)[number];

/** One column of the view: every answer of a group's models (in the scope), or of one model. */
export interface SideRef {
  kind: SideKind;
  name: string;
}

export const SIDE_BY_SIDE_ORDERS = ["random", "score"] as const;
export type SideBySideOrder = (typeof SIDE_BY_SIDE_ORDERS)[number];

/** At most this many pairs per page (the brief: ~20; 40 answers with their text is a readable page). */
export const PAIRS_PER_PAGE = 20;

/** The seed of a URL without one: the same URL always gives the same order. */
export const DEFAULT_SEED = 1;
/** Seeds are whole numbers 1..2^31-2 (the Lehmer generator's range, see nextSeed). */
export const MAX_SEED = 2_147_483_646;

/** "group:insecure" → { kind: "group", name: "insecure" }; a bare "insecure" is a group too. */
export function parseSide(raw: string): SideRef | string {
  const text = raw.trim();
  const colon = text.indexOf(":");
  const prefix = colon < 0 ? "" : text.slice(0, colon);
  const known = (SIDE_KINDS as readonly string[]).includes(prefix);
  const kind = known ? (prefix as SideKind) : "group";
  const name = (known ? text.slice(colon + 1) : text).trim();
  if (name === "") return `names no ${kind} (write group:NAME or model:NAME)`;
  return { kind, name };
}

/** The URL value of a side: always with its prefix, so a group named "model:x" reads back as that group. */
export function sideParam(side: SideRef): string {
  return `${side.kind}:${side.name}`;
}

export function sameSide(x: SideRef, y: SideRef): boolean {
  return x.kind === y.kind && x.name === y.name;
}

const sideSchema = z.preprocess(
  single,
  z
    .string()
    .trim()
    .max(MAX_TEXT_PARAM, { error: `must be at most ${MAX_TEXT_PARAM} characters` })
    .refine((value) => !value.includes("\0"), { error: "must not contain a NUL character (%00)" })
    .transform((text, context) => {
      const side = parseSide(text);
      if (typeof side === "string") {
        context.addIssue({ code: "custom", message: side });
        return z.NEVER;
      }
      return side;
    })
    .optional(),
);

/** differ=1: 1/true/on/yes set it; absent, empty, 0/false/off/no clear it (as the answer browser's flags). */
const flag = z.preprocess(
  single,
  z
    .enum(["1", "0", "true", "false", "on", "off", "yes", "no"], { error: "must be 1 or 0" })
    .optional()
    .transform((value) => value === "1" || value === "true" || value === "on" || value === "yes"),
);

export const sideBySideParamsSchema = z.object({
  set: optionalText(200),
  a: sideSchema,
  b: sideSchema,
  question: optionalText(300),
  order: z.preprocess(single, z.enum(SIDE_BY_SIDE_ORDERS, { error: "must be random or score" }).default("random")),
  seed: z.preprocess(
    single,
    z.coerce
      .number({ error: "must be a whole number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: `must be between 1 and ${MAX_SEED}` })
      .max(MAX_SEED, { error: `must be between 1 and ${MAX_SEED}` })
      .default(DEFAULT_SEED),
  ),
  differ: flag,
  page: pageNumberParam,
  ...methodParamShape,
});

export type SideBySideParams = z.infer<typeof sideBySideParamsSchema>;

/** What a side-by-side URL holds. Sides, set and question absent: chosen from the data (the page says how). */
export interface SideBySideViewState extends Partial<MethodView> {
  set?: string;
  a?: SideRef;
  b?: SideRef;
  question?: string;
  order?: SideBySideOrder;
  seed?: number;
  differ?: boolean;
  page?: number;
}

/** The view state of parsed params, the method resolved against its preset. */
export function sideBySideViewOf(params: SideBySideParams): SideBySideViewState & MethodView {
  return {
    ...resolveMethodView(params),
    set: params.set,
    a: params.a,
    b: params.b,
    question: params.question,
    order: params.order,
    seed: params.seed,
    differ: params.differ,
    page: params.page,
  };
}

/** The query string of a view; defaults are left out so URLs stay short. */
export function sideBySideQuery(view: SideBySideViewState): string {
  const params = new URLSearchParams();
  if (view.set) params.set("set", view.set);
  if (view.a) params.set("a", sideParam(view.a));
  if (view.b) params.set("b", sideParam(view.b));
  if (view.question) params.set("question", view.question);
  writeMethodParams(params, view);
  if (view.order && view.order !== "random") params.set("order", view.order);
  // the seed only matters to the random order; kept out of score-ordered URLs
  if ((view.order ?? "random") === "random" && view.seed !== undefined && view.seed !== DEFAULT_SEED) params.set("seed", String(view.seed));
  if (view.differ) params.set("differ", "1");
  if (view.page && view.page > 1) params.set("page", String(view.page));
  return params.toString();
}

export function sideBySideHref(view: SideBySideViewState): string {
  const query = sideBySideQuery(view);
  return query ? `/side-by-side?${query}` : "/side-by-side";
}

/**
 * The seed after `seed` (the shuffle control): one step of the Lehmer generator (MINSTD, 48271 mod
 * 2^31-1), so shuffling is itself reproducible and the next seed looks unrelated to the last.
 * Stays within 1..MAX_SEED for every seed in that range.
 */
export function nextSeed(seed: number): number {
  return Number((BigInt(seed) * 48271n) % 2147483647n);
}

/** The two groups of a compare view as sides (Compare names groups bare: a=insecure). */
export function groupSides(a: string, b: string): { a: SideRef; b: SideRef } {
  return { a: { kind: "group", name: a }, b: { kind: "group", name: b } };
}
