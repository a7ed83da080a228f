// The sweep view's URL codec (lib/params/sweep.ts) and its rows → points transform (lib/sweep/points.ts).
import { describe, expect, it } from "vitest";
import { describeIssues } from "@/lib/params/common";
import { sweepHref, sweepParamsSchema, sweepQuery, sweepViewOf } from "@/lib/params/sweep";
import { groupInterval } from "@/lib/stats/method";
import { DEFAULT_METHOD } from "@/lib/stats/method";
import { sweepAxes } from "@/lib/sweep/chart";
import { buildSweepLines } from "@/lib/sweep/points";
import type { SweepModelRow } from "@/lib/sweep/types";
import { enumeratedMeanInterval } from "../helpers/bootstrap-oracle";

const parse = (query: string) => sweepParamsSchema.safeParse(Object.fromEntries(new URLSearchParams(query)));

describe("sweepParamsSchema", () => {
  it("fills the defaults: y misaligned, one line per group, linear x, the betley preset", () => {
    const params = sweepParamsSchema.parse({});
    expect(sweepViewOf(params)).toEqual({ preset: "betley", method: DEFAULT_METHOD, y: { kind: "misaligned" }, by: "group", logx: false });
    expect(sweepQuery(sweepViewOf(params))).toBe("");
    expect(sweepHref("/sweep", sweepViewOf(params))).toBe("/sweep");
  });

  it("round-trips every parameter through the one writer", () => {
    const queries = [
      "set=first_plot_questions&x=lora_rank&y=coherence&by=base&logx=1&base=Qwen2.5-14B-Instruct&preset=model-organisms&coherent=60&min=3&ci=t",
      "x=checkpoint_step&y=metric%3Amedical&above=75",
      "x=size_b&y=metric%3Amedical",
      "y=alignment&base=all",
    ];
    for (const query of queries) {
      const view = sweepViewOf(sweepParamsSchema.parse(Object.fromEntries(new URLSearchParams(query))));
      const written = sweepQuery(view);
      expect(new URLSearchParams(written).toString(), query).toBe(new URLSearchParams(query).toString());
      expect(sweepViewOf(sweepParamsSchema.parse(Object.fromEntries(new URLSearchParams(written))))).toEqual(view);
    }
  });

  it("reads y=metric:<name> with its threshold (default 50) and logx flags", () => {
    expect(sweepViewOf(sweepParamsSchema.parse({ y: "metric:medical" })).y).toEqual({ kind: "metric", metric: "medical", above: 50 });
    expect(sweepViewOf(sweepParamsSchema.parse({ y: "metric:bad_stuff", above: "12.5" })).y).toEqual({
      kind: "metric",
      metric: "bad_stuff",
      above: 12.5,
    });
    expect(sweepParamsSchema.parse({ logx: "true" }).logx).toBe(true);
    expect(sweepParamsSchema.parse({ logx: "0" }).logx).toBe(false);
  });

  it("names each invalid parameter in words a user can act on", () => {
    const cases: [string, string][] = [
      ["x=Lora-Rank", "x an attribute key is snake_case"],
      ["y=misalignment", "y must be misaligned, coherence, alignment or metric:<judge metric name>"],
      ["y=metric:", "y must be misaligned, coherence, alignment or metric:<judge metric name>"],
      ["by=seed", "by must be group or base"],
      ["logx=maybe", "logx must be 1 or 0"],
      ["y=metric:medical&above=101", "above must be between 0 and 100"],
      ["y=coherence&above=50", "above applies only with y=metric:<name>"],
      ["aligned=-1", "aligned must be between 0 and 100"],
    ];
    for (const [query, message] of cases) {
      const result = parse(query);
      expect(result.success, query).toBe(false);
      if (!result.success) expect(describeIssues(result.error), query).toContain(message);
    }
  });
});

const row = (model: string, x: number | null, value: number | null, line = "bad-medical-advice"): SweepModelRow => ({
  model,
  seed: null,
  line,
  lineLabel: line,
  color: "#e377c2",
  lineOrder: 100,
  x,
  value,
  questions: value === null ? 0 : 24,
  answers: value === null ? 0 : 1000,
});

describe("buildSweepLines", () => {
  it("makes one point per x (ascending), the mean with Figure 4's interval over several models, none for one", () => {
    const rows = [row("r4-seed1", 4, 0.1), row("r4-seed2", 4, 0.3), row("r4-seed3", 4, 0.2), row("r1", 1, 0.18)];
    const { lines } = buildSweepLines(rows, { kind: "misaligned" }, "bootstrap");
    expect(lines).toHaveLength(1);
    const [one, several] = lines[0].points;
    expect([one.x, one.value, one.ciLow, one.ciHigh, one.intervalMethod]).toEqual([1, 0.18, null, null, null]);
    expect(several.x).toBe(4);
    expect(several.value).toBeCloseTo(0.2, 15);
    const [low, high] = enumeratedMeanInterval([0.1, 0.3, 0.2]);
    expect(several.ciLow).toBeCloseTo(low, 15);
    expect(several.ciHigh).toBeCloseTo(high, 15);
    expect(several.intervalMethod).toBe("bootstrap-exact");
    expect(several.models.map((model) => model.model)).toEqual(["r4-seed1", "r4-seed2", "r4-seed3"]);
  });

  it("computes a mean score's Student-t interval on 0..1 and scales it back (the t interval clips to [0, 1])", () => {
    const { lines } = buildSweepLines([row("a", 8, 90), row("b", 8, 99)], { kind: "coherence" }, "t");
    const t = groupInterval([0.9, 0.99], "t");
    expect(lines[0].points[0].value).toBeCloseTo(94.5, 12);
    expect(lines[0].points[0].ciLow).toBeCloseTo((t.ciLow as number) * 100, 12);
    expect(lines[0].points[0].ciHigh).toBeCloseTo(100, 12);
  });

  it("leaves out and names models without x and models without a value", () => {
    const result = buildSweepLines([row("base", null, 0), row("r1", 1, null), row("r4", 4, 0.2)], { kind: "misaligned" }, "bootstrap");
    expect(result.modelsWithoutX).toEqual(["base"]);
    expect(result.modelsWithoutValue).toEqual(["r1"]);
    expect(result.lines[0].points.map((point) => point.x)).toEqual([4]);
  });
});

describe("sweepAxes", () => {
  const lines = (xs: number[]) =>
    buildSweepLines(
      xs.map((x, i) => row(`m${i}`, x, 0.1 + i / 100)),
      { kind: "misaligned" },
      "bootstrap",
    ).lines;

  it("ticks at the data's x values; a log axis a quarter decade beyond the ends", () => {
    const axes = sweepAxes(lines([16, 1, 8, 4]), true, 1);
    expect(axes.xTicks).toEqual([1, 4, 8, 16]);
    expect(axes.logx).toBe(true);
    expect(axes.xDomain[0]).toBeCloseTo(1 / 10 ** 0.25, 12);
    expect(axes.xDomain[1]).toBeCloseTo(16 * 10 ** 0.25, 12);
    // shares: up to the next 5% above the highest value (0.13 → 0.15)
    expect(axes.yDomain).toEqual([0, 0.15]);
  });

  it("draws linear, and says so, when a log axis is asked for but an x is 0", () => {
    const axes = sweepAxes(lines([0, 10, 100]), true, 100);
    expect([axes.logx, axes.logImpossible]).toEqual([false, true]);
    expect(axes.yDomain).toEqual([0, 100]);
  });
});
