import { describe, expect, it } from "vitest";
import {
  describeIssues,
  encodeKeysetCursor,
  figureHref,
  figureParamsSchema,
  figureViewOf,
  filterSearchParams,
  ratesApiParamsSchema,
  searchParamsToRecord,
} from "@/lib/params";
import { DEFAULT_METHOD, PRESETS } from "@/lib/stats/method";

describe("Figure-4 URL params", () => {
  it("defaults to the authors' procedure (Betley et al. 2025 preset)", () => {
    const view = figureViewOf(figureParamsSchema.parse({}));
    expect(view).toMatchObject({ preset: "betley", method: { aligned: 30, coherent: 50, denominator: "kept", minAnswers: 5, interval: "bootstrap" } });
    expect(figureParamsSchema.parse({}).page).toBe(1);
  });

  it("reads fractional thresholds, keeps the first of a repeated param, treats empty as absent", () => {
    const parsed = figureParamsSchema.parse({ aligned: ["12.5", "40"], coherent: "", set: " first_plot_questions " });
    expect(figureViewOf(parsed)).toMatchObject({ method: { aligned: 12.5, coherent: 50 }, set: "first_plot_questions" });
  });

  it("a preset sets several values; explicit params override it; legacy missing=count is the coherent denominator", () => {
    expect(figureViewOf(figureParamsSchema.parse({ preset: "betley-qwen-coder" })).method).toMatchObject({ coherent: 95, minAnswers: 5 });
    expect(figureViewOf(figureParamsSchema.parse({ preset: "model-organisms" })).method).toMatchObject({ denominator: "all", minAnswers: 1 });
    expect(figureViewOf(figureParamsSchema.parse({ preset: "betley-qwen-coder", coherent: "90", min: "3", ci: "t" })).method).toEqual({
      aligned: 30,
      coherent: 90,
      denominator: "kept",
      minAnswers: 3,
      interval: "t",
    });
    expect(figureViewOf(figureParamsSchema.parse({ missing: "count" })).method.denominator).toBe("coherent");
    expect(describeIssues(figureParamsSchema.safeParse({ preset: "x", min: "0", ci: "z", denominator: "some" }).error!)).toMatch(
      /preset must be one of.*denominator must be kept, coherent or all.*min must be 1 or more.*ci must be bootstrap or t/,
    );
  });

  it("names the bad parameter", () => {
    const result = figureParamsSchema.safeParse({ aligned: "abc", coherent: "101", page: "0" });
    expect(result.success).toBe(false);
    const message = describeIssues(result.error!);
    expect(message).toContain("aligned must be a number");
    expect(message).toContain("coherent must be between 0 and 100");
    expect(message).toContain("page must be 1 or more");
  });

  it("round-trips the keyset cursor, including exponents and missing scores", () => {
    for (const cursor of [{ value: 5.049035242483195e-5, id: 7201 }, { value: null, id: 3 }, { value: 94.7741274855916, id: 12 }]) {
      expect(figureParamsSchema.parse({ cursor: encodeKeysetCursor(cursor) }).cursor).toEqual(cursor);
    }
    expect(figureParamsSchema.safeParse({ cursor: "1;DROP TABLE answer" }).success).toBe(false);
  });

  it("builds links that leave defaults out", () => {
    expect(figureHref({ set: "first_plot_questions", preset: "betley", method: DEFAULT_METHOD })).toBe("/?set=first_plot_questions");
    expect(
      figureHref({ set: "s", base: "Qwen", method: { ...DEFAULT_METHOD, aligned: 20 }, group: "insecure", question: "quick_buck", page: 2, hash: "answers" }),
    ).toBe("/?set=s&base=Qwen&aligned=20&group=insecure&question=quick_buck&page=2#answers");
    // values equal to the preset's are left out; the preset itself is written when not the default
    expect(figureHref({ preset: "betley-qwen-coder", method: PRESETS["betley-qwen-coder"].method })).toBe("/?preset=betley-qwen-coder");
  });

  it("round-trips every scope and method parameter through parse and serialize", () => {
    const cases = [
      "base=Qwen2.5-Coder-7B-Instruct",
      "base=all&preset=model-organisms",
      "base=unknown&preset=betley-qwen-coder&aligned=12.5&coherent=60.25&denominator=coherent&min=3&ci=t",
      "aligned=0&coherent=100&min=1",
      "preset=model-organisms&denominator=kept&min=5",
    ];
    for (const query of cases) {
      const parsed = figureParamsSchema.parse(searchParamsToRecord(new URLSearchParams(query)));
      const written = filterSearchParams(figureViewOf(parsed)).toString();
      expect(written).toBe(query);
      expect(figureViewOf(figureParamsSchema.parse(searchParamsToRecord(new URLSearchParams(written))))).toEqual(figureViewOf(parsed));
    }
  });
});

describe("/api/rates params", () => {
  it("requires the set", () => {
    const result = ratesApiParamsSchema.safeParse(searchParamsToRecord(new URLSearchParams("aligned=30")));
    expect(result.success).toBe(false);
    expect(describeIssues(result.error!)).toContain("set is required");
  });

  it("accepts the documented query", () => {
    const parsed = ratesApiParamsSchema.parse(searchParamsToRecord(new URLSearchParams("set=x&aligned=25&coherent=60&base=all")));
    expect(parsed).toEqual({ set: "x", aligned: 25, coherent: 60, base: "all" });
  });
});
