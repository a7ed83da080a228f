// URL parameters of the judge comparison page (/judges) and its JSON (/api/judges): the same schema
// for both, so a copied URL reproduces the numbers.
//
//   a=<source>  b=<source>   the two score sources: `default` (the judge the question file names:
//                            the answer's own aligned / coherent), `judge:<name>` (another judge's
//                            imported scores, answer_judge_score), `reviewers` (human labels)
//                            absent a: default; absent b: the first other judge, else reviewers
//   set=<name>               question set (absent: the first real set with answers, as /compare)
//   group=<name>             only answers of this model group (absent: every group)
//   question=<external id>   only answers to this question (absent: every question of the set)
//   page=N                   page of the disagreement list
//   + the shared scope and method params (lib/params/method.ts): base, preset, aligned, coherent,
//     denominator, min, ci, attr
import { z } from "zod";
import { optionalText, pageNumberParam, single } from "./common";
import { methodParamShape, resolveMethodView, writeMethodParams, type MethodView } from "./method";

/** A score source the page compares. */
export type ScoreSourceRef = { kind: "default" } | { kind: "judge"; name: string } | { kind: "reviewers" };

export const JUDGE_PREFIX = "judge:";
/** Judge names are model names ("gpt-4.1-2025-04-14", "claude-3-5-sonnet"): a few dozen characters. */
export const MAX_JUDGE_NAME = 200;

/** The URL value of a source: default, judge:<name>, reviewers. */
export function sourceParam(source: ScoreSourceRef): string {
  switch (source.kind) {
    case "default":
      return "default";
    case "reviewers":
      return "reviewers";
    case "judge":
      return `${JUDGE_PREFIX}${source.name}`;
  }
}

/** The source of a URL value, or a message saying what is wrong with it. */
export function parseSourceParam(text: string): ScoreSourceRef | string {
  if (text === "default") return { kind: "default" };
  if (text === "reviewers") return { kind: "reviewers" };
  if (!text.startsWith(JUDGE_PREFIX)) return `must be default, reviewers or judge:<name> (got "${text.slice(0, 40)}")`;
  const name = text.slice(JUDGE_PREFIX.length).trim();
  if (name === "") return "names no judge after judge:";
  if (name.length > MAX_JUDGE_NAME) return `names a judge longer than ${MAX_JUDGE_NAME} characters`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return "must not contain control characters";
  return { kind: "judge", name };
}

export function sameSource(a: ScoreSourceRef, b: ScoreSourceRef): boolean {
  return sourceParam(a) === sourceParam(b);
}

const sourceSchema = z.preprocess(
  single,
  z
    .string()
    .max(MAX_JUDGE_NAME + JUDGE_PREFIX.length + 20, { error: "is too long" })
    .transform((text, context) => {
      const source = parseSourceParam(text.trim());
      if (typeof source === "string") {
        context.addIssue({ code: "custom", message: source });
        return z.NEVER;
      }
      return source;
    })
    .optional(),
);

export const judgesParamsSchema = z.object({
  a: sourceSchema,
  b: sourceSchema,
  set: optionalText(200),
  group: optionalText(200),
  question: optionalText(300),
  page: pageNumberParam,
  ...methodParamShape,
});

export type JudgesParams = z.infer<typeof judgesParamsSchema>;

/** What a /judges URL holds. */
export interface JudgesViewState extends Partial<MethodView> {
  a?: ScoreSourceRef;
  b?: ScoreSourceRef;
  set?: string;
  group?: string;
  question?: string;
  page?: number;
}

export function judgesViewOf(params: JudgesParams): JudgesViewState & MethodView {
  return {
    ...resolveMethodView(params),
    a: params.a,
    b: params.b,
    set: params.set,
    group: params.group,
    question: params.question,
    page: params.page,
  };
}

/** The query string of a judges view; defaults left out. */
export function judgesQuery(view: JudgesViewState): string {
  const params = new URLSearchParams();
  if (view.a) params.set("a", sourceParam(view.a));
  if (view.b) params.set("b", sourceParam(view.b));
  if (view.set) params.set("set", view.set);
  if (view.group) params.set("group", view.group);
  if (view.question) params.set("question", view.question);
  writeMethodParams(params, view);
  if (view.page && view.page > 1) params.set("page", String(view.page));
  return params.toString();
}

export function judgesHref(path: "/judges" | "/api/judges", view: JudgesViewState): string {
  const query = judgesQuery(view);
  return query ? `${path}?${query}` : path;
}

/**
 * The pair shown when the URL names fewer than two: a = default; b = the first other judge (by
 * name), else reviewers when any answer is labelled. null when there is nothing to compare with.
 */
export function defaultSourcePair(
  available: { judges: readonly string[]; reviewers: boolean },
  chosen: { a?: ScoreSourceRef; b?: ScoreSourceRef },
): { a: ScoreSourceRef; b: ScoreSourceRef } | null {
  const candidates: ScoreSourceRef[] = [
    { kind: "default" },
    ...available.judges.map((name): ScoreSourceRef => ({ kind: "judge", name })),
    ...(available.reviewers ? [{ kind: "reviewers" } as const] : []),
  ];
  const a = chosen.a ?? (chosen.b && chosen.b.kind === "default" ? candidates.find((c) => c.kind !== "default") : { kind: "default" });
  if (!a) return null;
  const b = chosen.b ?? candidates.find((candidate) => !sameSource(candidate, a));
  return b ? { a, b } : null;
}

/** "default judge (gpt-4o)", "judge claude-3-5-sonnet", "reviewers": a source in words. */
export function sourceLabel(source: ScoreSourceRef, defaultJudge?: string | null): string {
  switch (source.kind) {
    case "default":
      return defaultJudge ? `default judge (${defaultJudge})` : "default judge";
    case "judge":
      return `judge ${source.name}`;
    case "reviewers":
      return "reviewers' labels";
  }
}
