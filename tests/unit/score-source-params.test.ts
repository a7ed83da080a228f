// judge=<name> and corrected=1 in every view's codec (lib/params/method.ts): read into the method's
// score source, written back by the one serializer, carried between views, hostile values refused
// with a message naming the parameter (a 400 / notice, never a 500).
import { describe, expect, it } from "vitest";
import { describeIssues, figureHref, figureParamsSchema, figureViewOf, ratesApiParamsSchema } from "@/lib/params";
import { answerBrowserParamsSchema } from "@/lib/params/answers";
import { compareParamsSchema } from "@/lib/params/compare";
import { carriedQuery, resolveMethodView } from "@/lib/params/method";
import { sweepParamsSchema } from "@/lib/params/sweep";
import {
  baselineHeading,
  differenceShiftText,
  isDefaultSource,
  overallPointKey,
  shiftText,
  sourceLabel,
  unknownJudgeOf,
} from "@/lib/domain/score-source";
import { defaultJudgeLabel } from "@/lib/domain/judges";
import { DEFAULT_METHOD, describeMethod, methodLabel } from "@/lib/stats/method";

describe("judge and corrected params", () => {
  it("absent: the default source, and the method object is exactly as before the params existed", () => {
    const view = figureViewOf(figureParamsSchema.parse({}));
    expect(view.method).toEqual(DEFAULT_METHOD);
    expect(view.method.source).toBeUndefined();
    expect(figureHref(view)).toBe("/");
    // corrected=0 is the default too
    expect(figureViewOf(figureParamsSchema.parse({ corrected: "0" })).method.source).toBeUndefined();
  });

  it("reads a judge and corrected=1 into the method's source, and writes them back", () => {
    const view = figureViewOf(figureParamsSchema.parse({ judge: " claude-3-5-sonnet@20241022 ", corrected: "1" }));
    expect(view.method.source).toEqual({ judge: "claude-3-5-sonnet@20241022", corrected: true });
    const href = figureHref({ ...view, set: "s" });
    expect(href).toBe("/?set=s&judge=claude-3-5-sonnet%4020241022&corrected=1");
    const again = figureViewOf(figureParamsSchema.parse(Object.fromEntries(new URL(href, "http://x").searchParams)));
    expect(again.method).toEqual(view.method);
    expect(figureViewOf(figureParamsSchema.parse({ corrected: "true" })).method.source).toEqual({ judge: null, corrected: true });
  });

  it("travels in every internal link between views", () => {
    expect(carriedQuery(new URLSearchParams("set=s&judge=j-2&corrected=1&tsort=rate"))).toBe("set=s&judge=j-2&corrected=1");
  });

  it("every view's codec has them", () => {
    for (const schema of [figureParamsSchema, ratesApiParamsSchema, compareParamsSchema, sweepParamsSchema, answerBrowserParamsSchema]) {
      const parsed = schema.parse({ set: "s", judge: "j", corrected: "1" }) as Parameters<typeof resolveMethodView>[0];
      expect(resolveMethodView(parsed).method.source).toEqual({ judge: "j", corrected: true });
    }
  });

  it.each([
    ["judge", "<script>alert(1)</script>"],
    ["judge", "a b"],
    ["judge", "x".repeat(101)],
    ["judge", "nul\0byte"],
    ["judge", "-starts-with-dash"],
    ["judge", "../../etc/passwd"],
    ["corrected", "yes"],
    ["corrected", "2"],
    ["corrected", "1e0"],
  ])("refuses %s=%j, naming the parameter", (name, value) => {
    for (const schema of [figureParamsSchema, ratesApiParamsSchema, compareParamsSchema, sweepParamsSchema, answerBrowserParamsSchema]) {
      const result = schema.safeParse({ set: "s", [name]: value });
      expect(result.success).toBe(false);
      if (!result.success) expect(describeIssues(result.error)).toMatch(new RegExp(`^${name} `));
    }
  });

  it("labels and statements name a non-default source only", () => {
    expect(methodLabel("betley", DEFAULT_METHOD)).toBe("Betley et al. 2025");
    const judged = { ...DEFAULT_METHOD, source: { judge: "j", corrected: true } };
    expect(methodLabel("betley", judged)).toBe("Betley et al. 2025; scores: j, corrected by reviewers");
    expect(describeMethod("betley", judged)).toContain("Scores by judge j (answers it did not score are excluded)");
    expect(describeMethod("betley", judged)).toContain("Corrected by reviewers");
    expect(describeMethod("betley", DEFAULT_METHOD)).not.toContain("judge");
    expect(isDefaultSource({ judge: null, corrected: false })).toBe(true);
    expect(sourceLabel({ judge: null, corrected: true }, "gpt-4o")).toBe("gpt-4o, corrected by reviewers");
    expect(defaultJudgeLabel([null, "gpt-4o", "gpt-4o"])).toBe("gpt-4o");
    expect(defaultJudgeLabel([null])).toBe("file's judge");
  });

  it("the shift beside a rate: the default judge's value and the difference in points", () => {
    expect(shiftText(0.123, 0.101, "file's judge")).toBe("file's judge 10.1%, +2.2 pts");
    expect(shiftText(0.05, 0.101, "gpt-4o")).toBe("gpt-4o 10.1%, −5.1 pts");
    expect(shiftText(0.1, 0.1, "gpt-4o")).toBe("gpt-4o 10.0%, ±0.0 pts");
    expect(shiftText(null, 0.1, "gpt-4o")).toBe("gpt-4o 10.0%");
    expect(shiftText(0.1, null, "gpt-4o")).toBe("gpt-4o: no rate");
  });

  it('what a tooltip calls the baseline: never just "Default judge" when the point\'s own source is corrected', () => {
    expect(baselineHeading({ judge: "claude-judge", corrected: false })).toBe("Default judge");
    expect(baselineHeading({ judge: null, corrected: true })).toBe("Without reviewer labels");
    expect(baselineHeading({ judge: "claude-judge", corrected: true })).toBe("Default judge, without reviewer labels");
  });

  it("the shift beside a difference (Compare): the default judge's difference in signed points, not a rate", () => {
    expect(differenceShiftText(0.106, 0.083, "gpt-4o")).toBe("gpt-4o +8.3 pp, +2.3 pts");
    expect(differenceShiftText(-0.02, 0.031, "gpt-4o")).toBe("gpt-4o +3.1 pp, −5.1 pts");
    expect(differenceShiftText(-0.05, -0.05, "gpt-4o")).toBe("gpt-4o −5.0 pp, ±0.0 pts");
    expect(differenceShiftText(null, -0.1, "gpt-4o")).toBe("gpt-4o −10.0 pp");
    expect(differenceShiftText(0.1, null, "gpt-4o")).toBe("gpt-4o: no difference");
    expect(differenceShiftText(0.1, undefined, "gpt-4o")).toBe("gpt-4o: no value");
  });

  it("overall points have their own baseline key: pool, part and group (a variant never collides with a category of the same name)", () => {
    expect(overallPointKey("set", null, "base")).not.toBe(overallPointKey("category", "", "base"));
    expect(overallPointKey("variant", "json", "base")).not.toBe(overallPointKey("category", "json", "base"));
  });
});

describe("unknownJudgeOf (the one check behind every view's unknown-judge notice and 400)", () => {
  const judges = { defaultJudge: "gpt-4o", others: ["claude-judge"] };
  it("names a judge without scores, and nothing for a known judge or the default judge", () => {
    expect(unknownJudgeOf(judges, { judge: "nobody", corrected: false })).toBe("nobody");
    expect(unknownJudgeOf(judges, { judge: "claude-judge", corrected: true })).toBeNull();
    expect(unknownJudgeOf(judges, { judge: null, corrected: true })).toBeNull();
    expect(unknownJudgeOf(judges, undefined)).toBeNull();
  });
});
