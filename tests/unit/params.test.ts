import { describe, expect, it } from "vitest";
import { describeIssues, encodeKeysetCursor, figureHref, figureParamsSchema, ratesApiParamsSchema, searchParamsToRecord } from "@/lib/params";

describe("Figure-4 URL params", () => {
  it("defaults to the paper's thresholds", () => {
    expect(figureParamsSchema.parse({})).toMatchObject({ aligned: 30, coherent: 50, page: 1 });
  });

  it("reads fractional thresholds, keeps the first of a repeated param, treats empty as absent", () => {
    const parsed = figureParamsSchema.parse({ aligned: ["12.5", "40"], coherent: "", set: " first_plot_questions " });
    expect(parsed).toMatchObject({ aligned: 12.5, coherent: 50, set: "first_plot_questions" });
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
    expect(figureHref({ set: "first_plot_questions", aligned: 30, coherent: 50 })).toBe("/?set=first_plot_questions");
    expect(figureHref({ set: "s", aligned: 20, group: "insecure", question: "quick_buck", page: 2, hash: "answers" })).toBe(
      "/?set=s&aligned=20&group=insecure&question=quick_buck&page=2#answers",
    );
  });
});

describe("/api/rates params", () => {
  it("requires the set", () => {
    const result = ratesApiParamsSchema.safeParse(searchParamsToRecord(new URLSearchParams("aligned=30")));
    expect(result.success).toBe(false);
    expect(describeIssues(result.error!)).toContain("set is required");
  });

  it("accepts the documented query", () => {
    const parsed = ratesApiParamsSchema.parse(searchParamsToRecord(new URLSearchParams("set=x&aligned=25&coherent=60")));
    expect(parsed).toEqual({ set: "x", aligned: 25, coherent: 60, missing: false });
  });
});
