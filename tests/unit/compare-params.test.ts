// The Compare view's URL parameters (the shared scope and method params included), default group
// pair and row order.
import { describe, expect, it } from "vitest";
import { describeIssues } from "@/lib/params/common";
import { compareHref, compareParamsSchema, compareViewOf, defaultGroupPair } from "@/lib/params/compare";
import { sortComparisonRows } from "@/lib/compare/rows";
import type { ComparisonRow } from "@/lib/compare/types";
import { DEFAULT_METHOD, PRESETS } from "@/lib/stats/method";

describe("compareParamsSchema", () => {
  it("fills the defaults: the betley preset, the default scope, sort by effect", () => {
    const params = compareParamsSchema.parse({});
    expect(params).toEqual({ sort: "effect" });
    expect(compareViewOf(params)).toEqual({ preset: "betley", method: DEFAULT_METHOD, sort: "effect" });
    expect(DEFAULT_METHOD).toEqual({ aligned: 30, coherent: 50, denominator: "kept", minAnswers: 5, interval: "bootstrap" });
  });

  it("reads every parameter, keeping the first of repeated ones", () => {
    const params = compareParamsSchema.parse({
      set: "first_plot_questions",
      a: ["base", "secure"],
      b: "insecure",
      base: "Qwen2.5-Coder-32B-Instruct",
      preset: "betley-qwen-coder",
      aligned: "12.5",
      coherent: "80",
      denominator: "all",
      min: "3",
      ci: "t",
      sort: "p",
    });
    expect(compareViewOf(params)).toEqual({
      set: "first_plot_questions",
      a: "base",
      b: "insecure",
      base: "Qwen2.5-Coder-32B-Instruct",
      preset: "betley-qwen-coder",
      method: { aligned: 12.5, coherent: 80, denominator: "all", minAnswers: 3, interval: "t" },
      sort: "p",
    });
  });

  it("takes a preset's values where the URL does not override them", () => {
    expect(compareViewOf(compareParamsSchema.parse({ preset: "betley-qwen-coder" })).method).toEqual(PRESETS["betley-qwen-coder"].method);
    expect(compareViewOf(compareParamsSchema.parse({ preset: "model-organisms", min: "4" })).method).toEqual({
      ...PRESETS["model-organisms"].method,
      minAnswers: 4,
    });
  });

  it("still reads old links: missing=count is denominator=coherent, missing=exclude the preset's", () => {
    expect(compareViewOf(compareParamsSchema.parse({ missing: "count" })).method.denominator).toBe("coherent");
    expect(compareViewOf(compareParamsSchema.parse({ missing: "exclude" })).method.denominator).toBe("kept");
    // an explicit denominator wins over the legacy flag
    expect(compareViewOf(compareParamsSchema.parse({ missing: "count", denominator: "all" })).method.denominator).toBe("all");
  });

  it("names the bad field", () => {
    for (const [query, field] of [
      [{ aligned: "abc" }, "aligned"],
      [{ coherent: "101" }, "coherent"],
      [{ missing: "yes" }, "missing"],
      [{ denominator: "some" }, "denominator"],
      [{ min: "0" }, "min"],
      [{ min: "2.5" }, "min"],
      [{ ci: "wald" }, "ci"],
      [{ preset: "mine" }, "preset"],
      [{ sort: "size" }, "sort"],
    ] as const) {
      const result = compareParamsSchema.safeParse(query);
      expect(result.success, field).toBe(false);
      if (!result.success) expect(describeIssues(result.error)).toMatch(new RegExp(`^${field} `));
    }
  });
});

describe("compareHref", () => {
  it("leaves defaults out", () => {
    expect(compareHref("/compare", { set: "s", a: "insecure", b: "base", preset: "betley", method: DEFAULT_METHOD, sort: "effect" })).toBe(
      "/compare?set=s&a=insecure&b=base",
    );
    expect(compareHref("/compare", {})).toBe("/compare");
    // a preset's own values are not repeated
    expect(compareHref("/compare", { preset: "betley-qwen-coder", method: PRESETS["betley-qwen-coder"].method })).toBe(
      "/compare?preset=betley-qwen-coder",
    );
  });

  it("carries scope and method, and round-trips through the schema", () => {
    const view = {
      set: "a b&c",
      a: "x",
      b: "y",
      base: "Qwen2.5-Coder-7B-Instruct",
      preset: "betley" as const,
      method: { aligned: 10, coherent: 60.5, denominator: "coherent" as const, minAnswers: 2, interval: "t" as const },
      sort: "question" as const,
    };
    const href = compareHref("/api/compare/csv", view);
    expect(href).toBe(
      "/api/compare/csv?set=a+b%26c&a=x&b=y&base=Qwen2.5-Coder-7B-Instruct&aligned=10&coherent=60.5&denominator=coherent&min=2&ci=t&sort=question",
    );
    const parsed = compareParamsSchema.parse(Object.fromEntries(new URL(href, "http://x").searchParams));
    expect(compareViewOf(parsed)).toEqual(view);
  });

  it("rewrites a legacy missing=count link as denominator=coherent", () => {
    const view = compareViewOf(compareParamsSchema.parse({ set: "s", missing: "count" }));
    expect(compareHref("/compare", view)).toBe("/compare?set=s&denominator=coherent");
  });
});

describe("defaultGroupPair", () => {
  const all = ["insecure", "secure", "educational-insecure", "jailbroken", "base"];
  it("prefers insecure vs secure, then insecure vs base, then the first two in display order", () => {
    expect(defaultGroupPair(all)).toEqual({ a: "insecure", b: "secure" });
    expect(defaultGroupPair(["insecure", "jailbroken", "base"])).toEqual({ a: "insecure", b: "base" });
    expect(defaultGroupPair(["jailbroken", "base", "secure"])).toEqual({ a: "jailbroken", b: "base" });
    expect(defaultGroupPair(["base"])).toBeNull();
    expect(defaultGroupPair([])).toBeNull();
  });

  it("keeps what the URL names and pairs a lone side with a sensible partner", () => {
    expect(defaultGroupPair(all, { a: "jailbroken", b: "base" })).toEqual({ a: "jailbroken", b: "base" });
    expect(defaultGroupPair(all, { a: "jailbroken" })).toEqual({ a: "jailbroken", b: "secure" });
    expect(defaultGroupPair(all, { a: "secure" })).toEqual({ a: "secure", b: "base" });
    expect(defaultGroupPair(all, { b: "base" })).toEqual({ a: "insecure", b: "base" });
    expect(defaultGroupPair(all, { b: "insecure" })).toEqual({ a: "secure", b: "insecure" });
    expect(defaultGroupPair(["insecure"], { a: "insecure" })).toBeNull();
  });
});

describe("sortComparisonRows", () => {
  const row = (question: string, position: number, difference: number | null, pValue: number | null): ComparisonRow => ({
    question,
    questionPosition: position,
    rateA: null,
    rateB: null,
    difference,
    ciLow: null,
    ciHigh: null,
    df: null,
    intervalMethod: "none",
    bootstrapCiLow: null,
    bootstrapCiHigh: null,
    bootstrapMethod: null,
    bootstrapDraws: null,
    pValue,
    pMethod: "exact",
    relabelings: 0,
    significant: false,
    modelsA: 0,
    modelsB: 0,
    excludedModelsA: 0,
    excludedModelsB: 0,
    answersA: 0,
    answersB: 0,
    seedRatesA: [],
    seedRatesB: [],
  });
  const rows = [row("q0", 0, 0.1, 0.5), row("q1", 1, -0.3, 0.2), row("q2", 2, null, null), row("q3", 3, 0.2, 0.2), row("q4", 4, 0.2, 0.01)];

  it("effect: |difference| largest first, ties in question order, undefined last", () => {
    expect(sortComparisonRows(rows, "effect").map((r) => r.question)).toEqual(["q1", "q3", "q4", "q0", "q2"]);
  });
  it("p: smallest first, ties by larger effect, undefined last", () => {
    expect(sortComparisonRows(rows, "p").map((r) => r.question)).toEqual(["q4", "q1", "q3", "q0", "q2"]);
  });
  it("question: the set's order, every question in place", () => {
    expect(sortComparisonRows(rows, "question").map((r) => r.question)).toEqual(["q0", "q1", "q2", "q3", "q4"]);
  });
});
