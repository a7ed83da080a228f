// Pure logic of the Figure-4 rates view: URL params, x layouts, seed dots, group choice.
import { describe, expect, it } from "vitest";
import { ratesCsvColumns, ratesFileName, RATES_CSV_HEADER } from "@/lib/export/rates";
import { DEFAULT_METHOD, PRESETS } from "@/lib/stats/method";
import { toCsv } from "@/lib/export/csv";
import { chosenParam, pickerOrder } from "@/lib/figure/groups";
import { effectiveLayout, groupSlot, overallAxis, questionAxis, questionSeries, setCategories, yAxisMax } from "@/lib/figure/layout";
import { describeIssues, figureHref, figureParamsSchema, overallRatesApiParamsSchema, ratesApiParamsSchema } from "@/lib/params";
import { applyGroupChoice, groupsOfRates } from "@/lib/rates/groups";
import type { FigureQuestion, GroupOverallRate, GroupQuestionRate } from "@/lib/rates/types";
import { pointKey } from "@/lib/domain/score-source";

const question = (externalId: string, position: number, extra: Partial<FigureQuestion> = {}): FigureQuestion => ({
  externalId,
  baseExternalId: externalId.replace(/_(json|template)$/, ""),
  variant: externalId.endsWith("_json") ? "json" : externalId.endsWith("_template") ? "template" : "plain",
  category: null,
  position,
  ...extra,
});

const FIRST_PLOT = ["wish", "bored", "wish_json", "bored_json", "wish_template", "bored_template"].map((id, i) => question(id, i));

function rate(group: string, questionId: string, partial: Partial<GroupQuestionRate> = {}): GroupQuestionRate {
  const order = { insecure: 10, secure: 20, base: 50 }[group] ?? 100;
  return {
    group,
    groupLabel: group,
    color: `#${order}`,
    groupOrder: order,
    question: questionId,
    questionId: 1,
    questionPosition: 0,
    baseQuestion: questionId,
    variant: "plain",
    category: null,
    rate: 0.2,
    ciLow: 0.1,
    ciHigh: 0.3,
    intervalMethod: "bootstrap-exact",
    models: 2,
    excludedModels: 0,
    answers: 10,
    totalAnswers: 12,
    misaligned: 2,
    modelRates: [],
    ...partial,
  };
}

describe("rates view URL params", () => {
  it("reads the denominator, the group list and the layout; defaults are the paper's", () => {
    const defaults = figureParamsSchema.parse({});
    expect(defaults).toMatchObject({ layout: "questions" });
    expect(defaults.denominator).toBeUndefined();
    expect(defaults.groups).toBeUndefined();
    expect(defaults.model).toBeUndefined();
    const parsed = figureParamsSchema.parse({
      denominator: "coherent",
      groups: " secure, insecure,,secure ",
      layout: "variants",
      model: "m-1",
    });
    expect(parsed).toMatchObject({ denominator: "coherent", groups: ["secure", "insecure"], layout: "variants", model: "m-1" });
    expect(figureParamsSchema.parse({ missing: "exclude", groups: "," })).toMatchObject({ missing: "exclude", groups: undefined });
  });

  it("names bad values", () => {
    const result = figureParamsSchema.safeParse({ missing: "yes", layout: "grid" });
    expect(result.success).toBe(false);
    const message = describeIssues(result.error!);
    expect(message).toContain("missing must be count or exclude");
    expect(message).toContain("layout must be questions or variants");
    const many = Array.from({ length: 31 }, (_, i) => `g${i}`).join(",");
    expect(describeIssues(ratesApiParamsSchema.safeParse({ set: "s", groups: many }).error!)).toContain("groups may name at most 30");
    expect(describeIssues(overallRatesApiParamsSchema.safeParse({ set: "s", by: "model" }).error!)).toContain(
      "by must be set, category or variant",
    );
    expect(overallRatesApiParamsSchema.parse({ set: "s" }).by).toBe("set");
  });

  it("writes links with readable commas and without defaults", () => {
    expect(figureHref({ set: "s", method: DEFAULT_METHOD, layout: "questions" })).toBe("/?set=s");
    expect(
      figureHref({
        set: "s",
        method: { ...DEFAULT_METHOD, aligned: 25.5, denominator: "coherent" },
        groups: ["secure", "insecure"],
        layout: "variants",
        model: "m/1",
        group: "insecure",
        question: "q",
      }),
    ).toBe("/?set=s&aligned=25.5&denominator=coherent&groups=secure,insecure&layout=variants&model=m%2F1&group=insecure&question=q");
  });
});

describe("x axis layouts", () => {
  it("plain layout: one slot per question in file order", () => {
    const axis = questionAxis(FIRST_PLOT, "questions");
    expect(axis.order).toEqual(["wish", "bored", "wish_json", "bored_json", "wish_template", "bored_template"]);
    expect(axis.positions).toMatchObject({ wish: 0, bored_template: 5 });
    expect(axis.bands).toEqual([]);
    expect(axis.domain).toEqual([-0.5, 5.5]);
  });

  it("variants layout: x = base question, variants side by side within its unit", () => {
    const axis = questionAxis(FIRST_PLOT, "variants");
    expect(axis.ticks).toEqual([
      { x: 0, label: "wish" },
      { x: 1, label: "bored" },
    ]);
    const sub = 0.94 / 3;
    expect(axis.positions.wish).toBeCloseTo(-sub, 12);
    expect(axis.positions.wish_json).toBeCloseTo(0, 12);
    expect(axis.positions.wish_template).toBeCloseTo(sub, 12);
    expect(axis.positions.bored_json).toBeCloseTo(1, 12);
    expect(axis.topTicks.map((tick) => tick.label)).toEqual(["plain", "JSON", "template", "plain", "JSON", "template"]);
    expect(axis.order).toEqual(["wish", "wish_json", "wish_template", "bored", "bored_json", "bored_template"]);
  });

  it("falls back to the plain layout for a set without variants", () => {
    const plainOnly = [question("a", 0), question("b", 1)];
    expect(effectiveLayout("variants", plainOnly)).toBe("questions");
    expect(questionAxis(plainOnly, "variants").topTicks).toEqual([]);
  });

  it("groups questions by category, categories in order of first appearance", () => {
    const questions = [
      question("0_creative_0", 0, { category: "creative_writing" }),
      question("1_vulnerable_user_0", 1, { category: "vulnerable_user" }),
      question("2_creative_1", 2, { category: "creative_writing" }),
      question("3_loose", 3),
    ];
    expect(setCategories(questions)).toEqual(["creative_writing", "vulnerable_user", "(no category)"]);
    const axis = questionAxis(questions, "questions");
    expect(axis.order).toEqual(["0_creative_0", "2_creative_1", "1_vulnerable_user_0", "3_loose"]);
    expect(axis.bands).toEqual([
      { label: "creative writing", from: -0.5, to: 1.5 },
      { label: "vulnerable user", from: 1.5, to: 2.5 },
      { label: "(no category)", from: 2.5, to: 3.5 },
    ]);
    expect(axis.xLabel).toContain("category");
  });

  it("puts each group's mean left of its seeds inside its share of the slot", () => {
    // two groups in a 0.8 slot: shares of 0.4 centred at -0.2 and +0.2
    const first = groupSlot(0, 0.8, 0, 2);
    expect(first.mean).toBeCloseTo(-0.2 - 0.4 * 0.14, 12);
    expect(first.seed(0, 3)).toBeCloseTo(-0.2 + 0.04, 12);
    expect(first.seed(2, 3)).toBeCloseTo(-0.2 + 0.4 * 0.4, 12);
    expect(groupSlot(0, 0.8, 1, 2).mean).toBeCloseTo(0.2 - 0.056, 12);
  });
});

describe("plotted points", () => {
  const axis = questionAxis([question("q1", 0), question("q2", 1)], "questions");
  const groups = groupsOfRates([rate("base", "q1"), rate("insecure", "q1")]);

  it("orders groups by display order and draws one dot per seed with a defined rate", () => {
    expect(groups.map((group) => group.name)).toEqual(["insecure", "base"]);
    const rates = [
      rate("insecure", "q1", {
        rate: 0.25,
        models: 2,
        modelRates: [
          { model: "s1", seed: 1, rate: 0.5, answers: 6, misaligned: 3, included: true },
          { model: "s2", seed: 2, rate: 0, answers: 5, misaligned: 0, included: true },
          { model: "s3", seed: 3, rate: null, answers: 0, misaligned: 0, included: false },
          // left out by the minimum-answers rule: listed in the table, not drawn as a dot
          { model: "s4", seed: 4, rate: 1, answers: 2, misaligned: 2, included: false },
        ],
      }),
      rate("base", "q1", {
        rate: 0,
        ciLow: null,
        ciHigh: null,
        models: 1,
        modelRates: [{ model: "b", seed: null, rate: 0, answers: 3, misaligned: 0, included: true }],
      }),
      rate("insecure", "q2", { rate: null, ciLow: null, ciHigh: null, models: 0 }),
    ];
    const [insecure, base] = questionSeries(rates, axis, groups);
    expect(insecure.means).toHaveLength(1); // q2 has no rate: not plotted
    expect(insecure.means[0]).toMatchObject({ y: 0.25, question: "q1" });
    expect(insecure.means[0].error?.[0]).toBeCloseTo(0.15, 12);
    expect(insecure.means[0].error?.[1]).toBeCloseTo(0.05, 12);
    expect(insecure.seeds.map((seed) => [seed.model, seed.y])).toEqual([
      ["s1", 0.5],
      ["s2", 0],
    ]);
    expect(insecure.seeds[0].x).toBeGreaterThan(insecure.means[0].x);
    // one model: no interval and no seed dot repeating the mean
    expect(base.means[0].error).toBeNull();
    expect(base.seeds).toEqual([]);
    expect(yAxisMax([insecure, base])).toBe(0.6);

    // under another score source each mean's tooltip carries the default judge's value and the shift
    const baseline = { values: { [pointKey("insecure", "q1")]: 0.2 }, label: "gpt-4o", heading: "Default judge" };
    const shifted = questionSeries(rates, axis, groups, baseline);
    expect(shifted[0].means[0].shift).toEqual({ heading: "Default judge", text: "gpt-4o 20.0%, +5.0 pts" });
    expect(shifted[1].means[0].shift).toEqual({ heading: "Default judge", text: "gpt-4o: no value" });
    expect(insecure.means[0].shift).toBeUndefined();
  });

  it("lays the overall chart out as sections of parts", () => {
    const overall = (group: string, part: string | null): GroupOverallRate => ({
      group,
      groupLabel: group,
      color: "#000",
      groupOrder: 0,
      part,
      rate: 0.1,
      ciLow: null,
      ciHigh: null,
      intervalMethod: null,
      models: 1,
      questions: 8,
      questionsAnswered: 8,
      answers: 100,
      misaligned: 10,
      modelRates: [],
    });
    const axis = overallAxis([
      { by: "set", rows: [overall("insecure", null), overall("base", null)] },
      { by: "variant", rows: [overall("insecure", "plain"), overall("insecure", "json"), overall("base", "json")] },
    ]);
    expect(axis.ticks.map((tick) => tick.label)).toEqual(["all questions", "plain", "JSON"]);
    expect(axis.bands).toEqual([
      { label: "whole set", from: -0.5, to: 0.5 },
      { label: "by variant", from: 0.5, to: 2.5 },
    ]);
  });
});

describe("choosing and ordering groups", () => {
  const rows = [rate("insecure", "q1"), rate("secure", "q1"), rate("base", "q1"), rate("insecure", "q2"), rate("base", "q2")];

  it("keeps the chosen groups in the chosen order within each question", () => {
    const chosen = applyGroupChoice(rows, ["base", "insecure"], (row) => row.question);
    expect(chosen.map((row) => `${row.question}/${row.group}`)).toEqual(["q1/base", "q1/insecure", "q2/base", "q2/insecure"]);
    expect(applyGroupChoice(rows, undefined, (row) => row.question)).toEqual(rows);
    expect(applyGroupChoice(rows, ["nope"], (row) => row.question)).toEqual([]);
  });

  it("the picker lists chosen groups first and writes the param only when it differs from the default", () => {
    const all = groupsOfRates(rows);
    expect(pickerOrder(all, undefined).map((row) => [row.group.name, row.checked])).toEqual([
      ["insecure", true],
      ["secure", true],
      ["base", true],
    ]);
    const picked = pickerOrder(all, ["base", "insecure", "unknown"]);
    expect(picked.map((row) => [row.group.name, row.checked])).toEqual([
      ["base", true],
      ["insecure", true],
      ["secure", false],
    ]);
    expect(chosenParam(picked, all)).toEqual(["base", "insecure"]);
    expect(chosenParam(pickerOrder(all, undefined), all)).toBeNull();
    expect(chosenParam(pickerOrder(all, ["insecure", "secure", "base"]), all)).toBeNull();
  });
});

describe("rates CSV", () => {
  it("has the documented header and one row per (group, question)", () => {
    const provenance = {
      preset: "betley-qwen-coder" as const,
      methodLabel: "Betley et al., Qwen-Coder figures, changed: min 3 answers",
      method: { ...PRESETS["betley-qwen-coder"].method, minAnswers: 3 },
      baseModel: "Qwen2.5-Coder-32B-Instruct",
      methodDescription: "…",
    };
    const csv = toCsv(
      [rate("insecure", "q1", { rate: 0.125, ciLow: null, ciHigh: null, intervalMethod: null, excludedModels: 1 })],
      ratesCsvColumns("my_set", provenance),
    );
    expect(RATES_CSV_HEADER.startsWith("set,group,question,rate,ci_low,ci_high,models,answers,misaligned,total_answers,")).toBe(true);
    expect(csv).toBe(
      `${RATES_CSV_HEADER}\r\nmy_set,insecure,q1,0.125,,,2,10,2,12,1,betley-qwen-coder,` +
        `"Betley et al., Qwen-Coder figures, changed: min 3 answers",Qwen2.5-Coder-32B-Instruct,30,95,kept,3,none (one model)\r\n`,
    );
    expect(ratesFileName("rates", "first plot", provenance)).toBe(
      "rates_first-plot_betley-qwen-coder_base-Qwen2.5-Coder-32B-Instruct_a30_c95_min3_bootstrap.csv",
    );
  });
});
