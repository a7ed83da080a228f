// The Compare view's URL parameters, default group pair and row order.
import { describe, expect, it } from "vitest";
import { describeIssues } from "@/lib/params/common";
import { compareHref, compareParamsSchema, compareThresholds, defaultGroupPair } from "@/lib/params/compare";
import { sortComparisonRows, type ComparisonRow } from "@/lib/queries/compare";

describe("compareParamsSchema", () => {
  it("fills the defaults", () => {
    expect(compareParamsSchema.parse({})).toEqual({ aligned: 30, coherent: 50, missing: "exclude", sort: "effect" });
  });

  it("reads every parameter, keeping the first of repeated ones", () => {
    const params = compareParamsSchema.parse({
      set: "first_plot_questions",
      a: ["base", "secure"],
      b: "insecure",
      aligned: "12.5",
      coherent: "80",
      missing: "count",
      sort: "p",
    });
    expect(params).toEqual({ set: "first_plot_questions", a: "base", b: "insecure", aligned: 12.5, coherent: 80, missing: "count", sort: "p" });
    expect(compareThresholds(params)).toEqual({ aligned: 12.5, coherent: 80, countMissingAligned: true });
  });

  it("names the bad field", () => {
    for (const [query, field] of [
      [{ aligned: "abc" }, "aligned"],
      [{ coherent: "101" }, "coherent"],
      [{ missing: "yes" }, "missing"],
      [{ sort: "size" }, "sort"],
    ] as const) {
      const result = compareParamsSchema.safeParse(query);
      expect(result.success).toBe(false);
      if (!result.success) expect(describeIssues(result.error)).toMatch(new RegExp(`^${field} `));
    }
  });
});

describe("compareHref", () => {
  it("leaves defaults out and round-trips through the schema", () => {
    expect(compareHref("/compare", { set: "s", a: "insecure", b: "base", aligned: 30, coherent: 50, missing: "exclude", sort: "effect" })).toBe(
      "/compare?set=s&a=insecure&b=base",
    );
    const href = compareHref("/api/compare/csv", { set: "a b&c", a: "x", b: "y", aligned: 10, coherent: 60.5, missing: "count", sort: "question" });
    expect(href.startsWith("/api/compare/csv?")).toBe(true);
    const parsed = compareParamsSchema.parse(Object.fromEntries(new URL(href, "http://x").searchParams));
    expect(parsed).toEqual({ set: "a b&c", a: "x", b: "y", aligned: 10, coherent: 60.5, missing: "count", sort: "question" });
    expect(compareHref("/compare", {})).toBe("/compare");
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
    pValue,
    pMethod: "exact",
    relabelings: 0,
    significant: false,
    modelsA: 0,
    modelsB: 0,
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
