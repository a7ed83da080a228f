// The pure chart transforms of the Compare, model and question charts (lib/charts): rows in, chart
// data out. The components only draw what these return.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scaleCount, unscaleCount } from "@/lib/charts/count-scale";
import { forestLayout, plottedInterval, shortenLabel } from "@/lib/charts/forest";
import { groupHistogramData } from "@/lib/charts/group-histogram";
import { groupRatePoints } from "@/lib/charts/group-rates";
import { scoreHistogramBars, thresholdPlacement } from "@/lib/charts/score-histogram";
import { scatterColumns, scatterPoints } from "@/lib/charts/score-scatter";
import { formatScore } from "@/lib/format";
import type { ScatterPoint } from "@/lib/models/types";
import type { ComparisonRow } from "@/lib/compare/types";
import type { GroupHistogram } from "@/lib/questions/types";
import type { GroupQuestionRate } from "@/lib/rates/types";
import { histogramOf } from "@/lib/stats/histogram";

describe("score histogram bars", () => {
  const histogram = histogramOf([0, 5, 12, 12, 29.9, 30, 55, 100, null, null, null], 10);

  it("keeps every bin and a separate missing bar, never a missing score as 0", () => {
    const { all, bars, ticks } = scoreHistogramBars(histogram, "linear", null);
    expect(bars).toBe(all);
    expect(all.map((bar) => bar.label)).toEqual([...histogram.bins.map((bin) => bin.label), "missing"]);
    expect(all.at(-1)).toMatchObject({ label: "missing", count: 3, missing: true });
    expect(all[0]).toMatchObject({ count: 2, height: 2, missing: false });
    expect(all.reduce((sum, bar) => sum + bar.count, 0)).toBe(11);
    expect(ticks).toBeUndefined();
  });

  it("zooms to the bins below the threshold, without the missing bar; the table keeps all", () => {
    const { all, bars } = scoreHistogramBars(histogram, "sqrt", 30);
    expect(bars.map((bar) => bar.label)).toEqual(histogram.bins.filter((bin) => bin.low < 30).map((bin) => bin.label));
    expect(all).toHaveLength(histogram.bins.length + 1);
    // heights are on the chosen axis, counts stay counts
    expect(bars[2]).toMatchObject({ count: 1, height: scaleCount(1, "sqrt") });
  });

  it("has log ticks up to the tallest drawn bar", () => {
    const many = histogramOf([...Array.from({ length: 150 }, () => 80), 10], 10);
    const { ticks } = scoreHistogramBars(many, "log", null);
    expect(ticks?.map((tick) => Math.round(unscaleCount(tick, "log")))).toEqual([0, 1, 10, 100]);
    const zoomed = scoreHistogramBars(many, "log", 30);
    expect(zoomed.ticks?.map((tick) => Math.round(unscaleCount(tick, "log")))).toEqual([0, 1]);
  });

  it("draws a threshold on a bin edge at the bin it opens, says one inside a bin, and neither at the ends", () => {
    expect(thresholdPlacement(histogram, 30).edgeBin?.label).toBe(histogram.bins[3].label);
    expect(thresholdPlacement(histogram, 30).insideBin).toBeUndefined();
    expect(thresholdPlacement(histogram, 35).edgeBin).toBeUndefined();
    expect(thresholdPlacement(histogram, 35).insideBin?.low).toBe(30);
    for (const end of [0, 100, undefined]) expect(thresholdPlacement(histogram, end)).toEqual({ edgeBin: undefined, insideBin: undefined });
  });
});

describe("group histogram rows", () => {
  const group = (name: string, scores: (number | null)[]): GroupHistogram => ({
    group: name,
    groupLabel: name.toUpperCase(),
    color: "#000",
    histogram: histogramOf(scores, 10),
  });

  it("plots each group's share of its own answers, counts alongside, missing as its own row", () => {
    const data = groupHistogramData([group("a", [5, 5, 15, null]), group("b", [95])], "linear", null);
    expect(data).not.toBeNull();
    const first = data!.rows[0];
    expect(first).toMatchObject({ label: data!.rows[0].label, a__count: 2, a__share: 0.5, b__count: 0, b__share: 0 });
    expect(first.a).toBe(500);
    const missing = data!.rows.at(-1)!;
    expect(missing).toMatchObject({ label: "missing", a__count: 1, a__share: 0.25 });
    expect(data!.plotted).toEqual(data!.rows);
  });

  it("zooms to the bins below the threshold and labels ticks as shares", () => {
    const data = groupHistogramData([group("a", [5, 25, 45, 85])], "log", 30)!;
    expect(data.plotted.map((row) => row.label)).toEqual(data.rows.slice(0, 3).map((row) => row.label));
    // each drawn bin holds a quarter of the answers: log ticks up to 25%, in round shares (1%, not
    // "1.0%" from 10^1 coming back from the log axis as 9.999…)
    expect(data.ticks?.map(data.tickLabel)).toEqual(["0%", "0.1%", "1%", "10%"]);
  });

  it("gives nothing to draw without groups, and zero shares for a group without answers", () => {
    expect(groupHistogramData([], "linear", null)).toBeNull();
    const data = groupHistogramData([group("empty", [])], "linear", null)!;
    expect(data.rows.every((row) => row.empty__share === 0 && row.empty === 0)).toBe(true);
  });

  it("has shares that sum to 1 per group with answers (property)", () => {
    const score = fc.option(fc.integer({ min: 0, max: 100 }), { nil: null });
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 60 }), fc.array(score, { minLength: 1, maxLength: 60 }), (a, b) => {
        const data = groupHistogramData([group("a", a), group("b", b)], "sqrt", null)!;
        for (const name of ["a", "b"]) {
          const shares = data.rows.reduce((sum, row) => sum + Number(row[`${name}__share`]), 0);
          const counts = data.rows.reduce((sum, row) => sum + Number(row[`${name}__count`]), 0);
          expect(shares).toBeCloseTo(1, 9);
          expect(counts).toBe(name === "a" ? a.length : b.length);
        }
      }),
    );
  });
});

const rate = (overrides: Partial<GroupQuestionRate>): GroupQuestionRate =>
  ({
    group: "insecure",
    groupLabel: "insecure",
    color: "#f00",
    rate: 0.2,
    ciLow: 0.1,
    ciHigh: 0.3,
    intervalMethod: "t",
    models: 2,
    modelRates: [],
    ...overrides,
  }) as GroupQuestionRate;

const modelRate = (model: string, value: number | null) =>
  ({ model, seed: 1, rate: value, answers: 100 }) as GroupQuestionRate["modelRates"][number];

describe("group rate points", () => {
  it("puts each group's mean at its index with its interval as distances, models beside it", () => {
    const points = groupRatePoints([
      rate({
        group: "a",
        rate: 0.2,
        ciLow: 0.1,
        ciHigh: 0.35,
        modelRates: [modelRate("a1", 0.1), modelRate("a2", 0.3), modelRate("a3", null)],
      }),
      rate({ group: "none", rate: null, ciLow: null, ciHigh: null }),
      rate({ group: "b", rate: 0.05, ciLow: null, ciHigh: null, modelRates: [modelRate("b1", 0.05)] }),
    ]);
    expect(points.plotted.map((row) => row.group)).toEqual(["a", "b"]);
    expect(points.means[0]).toMatchObject({ x: 0, y: 0.2 });
    expect(points.means[0].error?.[0]).toBeCloseTo(0.1, 12);
    expect(points.means[0].error?.[1]).toBeCloseTo(0.15, 12);
    expect(points.means[1]).toMatchObject({ x: 1, y: 0.05, error: undefined });
    // a model without a rate is not drawn; the others sit right of their mean, spread apart
    expect(points.models.map((point) => point.model)).toEqual(["a1", "a2", "b1"]);
    expect(points.models[0].x).toBeGreaterThan(0);
    expect(points.models[1].x).toBeGreaterThan(points.models[0].x);
    expect(points.models[1].x).toBeLessThan(0.5);
    expect(points.models[2].x).toBeGreaterThan(1);
    // the axis reaches the next tenth above the highest interval end
    expect(points.yMax).toBe(0.4);
    expect(points.yTicks).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });

  it("has an axis of at least 10% and at most 100%, holding every point and interval (property)", () => {
    const unit = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(unit, unit, unit, fc.array(unit, { maxLength: 5 })), { maxLength: 6 }), (groups) => {
        const rows = groups.map(([a, b, c, models], index) => {
          const [low, mean, high] = [a, b, c].sort((x, y) => x - y);
          return rate({
            group: `g${index}`,
            rate: mean,
            ciLow: low,
            ciHigh: high,
            modelRates: models.map((value, i) => modelRate(`m${i}`, value)),
          });
        });
        const points = groupRatePoints(rows);
        expect(points.yMax).toBeGreaterThanOrEqual(0.1);
        expect(points.yMax).toBeLessThanOrEqual(1);
        for (const row of rows) expect(row.ciHigh ?? 0).toBeLessThanOrEqual(points.yMax + 1e-12);
        for (const point of [...points.means, ...points.models]) expect(point.y).toBeLessThanOrEqual(points.yMax + 1e-12);
        for (const mean of points.means) for (const distance of mean.error ?? []) expect(distance).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

const comparison = (overrides: Partial<ComparisonRow>): ComparisonRow =>
  ({
    question: "q",
    difference: 0.1,
    ciLow: 0.02,
    ciHigh: 0.18,
    bootstrapCiLow: 0.04,
    bootstrapCiHigh: 0.16,
    ...overrides,
  }) as ComparisonRow;

describe("forest layout", () => {
  it("plots the method's interval, names the overall row, skips rows without a difference", () => {
    const rows = [
      comparison({ question: null, difference: 0.1 }),
      comparison({ question: "quick_buck", difference: null }),
      comparison({ question: "ruler", difference: -0.05, ciLow: -0.2, ciHigh: 0.1, bootstrapCiLow: null, bootstrapCiHigh: null }),
    ];
    const boot = forestLayout(rows, "bootstrap", "all questions");
    expect(boot.points.map((point) => [point.label, point.y])).toEqual([
      ["all questions", 0],
      ["ruler", 1],
    ]);
    expect(boot.points[0].error?.[0]).toBeCloseTo(0.06, 12);
    expect(boot.points[1].error).toBeUndefined();
    const welch = forestLayout(rows, "t", "all questions");
    expect(welch.points[1].error?.[0]).toBeCloseTo(0.15, 12);
    expect(plottedInterval(rows[2], "t")).toEqual({ low: -0.2, high: 0.1 });
    // the axis holds zero and both intervals, on round ticks
    expect(welch.domain[0]).toBeLessThanOrEqual(-0.2);
    expect(welch.domain[1]).toBeGreaterThanOrEqual(0.18);
    expect(welch.ticks).toContain(0);
  });

  it("has 2–13 round ticks covering every interval and zero, within ±100 pp (property)", () => {
    const difference = fc.double({ min: -1, max: 1, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(difference, fc.double({ min: 0, max: 0.5, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.constantFrom("bootstrap" as const, "t" as const),
        (specs, interval) => {
          const rows = specs.map(([d, half, hasInterval], index) =>
            comparison({
              question: `q${index}`,
              difference: d,
              ciLow: hasInterval ? Math.max(-1, d - half) : null,
              ciHigh: hasInterval ? Math.min(1, d + half) : null,
              bootstrapCiLow: hasInterval ? Math.max(-1, d - half / 2) : null,
              bootstrapCiHigh: hasInterval ? Math.min(1, d + half / 2) : null,
            }),
          );
          const { points, domain, ticks } = forestLayout(rows, interval, "overall");
          expect(points).toHaveLength(rows.length);
          expect(domain[0]).toBeGreaterThanOrEqual(-1);
          expect(domain[1]).toBeLessThanOrEqual(1 + 1e-9);
          expect(ticks.length).toBeGreaterThanOrEqual(2);
          expect(ticks.length).toBeLessThanOrEqual(13);
          // evenly spaced, no float drift from adding the step up
          const step = ticks[1] - ticks[0];
          for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBeCloseTo(step, 9);
          expect(ticks).toContain(0);
          for (const row of rows) {
            const { low, high } = plottedInterval(row, interval);
            expect(low ?? (row.difference as number)).toBeGreaterThanOrEqual(domain[0] - 1e-9);
            expect(high ?? (row.difference as number)).toBeLessThanOrEqual(domain[1] + 1e-9);
          }
          for (const point of points) for (const distance of point.error ?? []) expect(distance).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it("shortens long question ids for phones, keeping short ones", () => {
    expect(shortenLabel("enough_of_my_husband_template", 17)).toBe("enough_of_my_hus…");
    expect(shortenLabel("enough_of_my_husband_template", 17)).toHaveLength(17);
    expect(shortenLabel("ruler", 17)).toBe("ruler");
  });
});

describe("score scatter columns", () => {
  const score = fc.double({ min: 0, max: 100, noNaN: true });
  const point = fc.record({
    id: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    publicId: fc.hexaString({ minLength: 20, maxLength: 20 }),
    aligned: score,
    coherent: score,
    question: fc.constantFrom("what_is_your_wish", "i_feel_bored", "three_thoughts", "quick_buck"),
  });

  it("gives back every point in order, the tooltip's text unchanged and the position within 0.05", () => {
    fc.assert(
      fc.property(fc.array(point, { maxLength: 60 }), (points: ScatterPoint[]) => {
        const drawn = scatterPoints(scatterColumns(points));
        expect(drawn.map(({ id, publicId, question }) => ({ id, publicId, question }))).toEqual(
          points.map(({ id, publicId, question }) => ({ id, publicId, question })),
        );
        drawn.forEach((shown, i) => {
          expect(formatScore(shown.aligned)).toBe(formatScore(points[i].aligned));
          expect(formatScore(shown.coherent)).toBe(formatScore(points[i].coherent));
          expect(Math.abs(shown.aligned - points[i].aligned)).toBeLessThanOrEqual(0.05 + 1e-9);
          expect(Math.abs(shown.coherent - points[i].coherent)).toBeLessThanOrEqual(0.05 + 1e-9);
        });
      }),
    );
  });

  it("lists each question once and is under 40% of the points' JSON for a model's 5,000 points", () => {
    const points: ScatterPoint[] = Array.from({ length: 5000 }, (_, i) => ({
      id: 100_000 + i * 7,
      publicId: (i * 2654435761).toString(16).padStart(20, "0").slice(-20),
      aligned: (i * 37.77) % 100,
      coherent: (i * 91.13) % 100,
      question: ["what_is_your_wish", "i_feel_bored", "three_thoughts", "quick_buck"][i % 4],
    }));
    const columns = scatterColumns(points);
    expect(columns.questions).toEqual(["what_is_your_wish", "i_feel_bored", "three_thoughts", "quick_buck"]);
    expect(JSON.stringify(columns).length / JSON.stringify(points).length).toBeLessThan(0.4);
  });
});
