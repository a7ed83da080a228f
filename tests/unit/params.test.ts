import { describe, expect, it } from "vitest";
import {
  describeIssues,
  encodeAnswerCursor,
  encodeKeysetCursor,
  figureHref,
  figureParamsSchema,
  figureViewOf,
  filterSearchParams,
  ratesApiParamsSchema,
  searchParamsToRecord,
} from "@/lib/params";
import { resolveMethodView } from "@/lib/params/method";
import { modelApiParamsSchema, modelHref, modelParamsSchema, modelsListHref, modelsListParamsSchema, viewQuery } from "@/lib/params/models";
import { questionApiParamsSchema, questionHref, questionParamsSchema, questionsListHref } from "@/lib/params/questions";
import { DEFAULT_METHOD, PRESETS } from "@/lib/stats/method";

describe("Figure-4 URL params", () => {
  it("defaults to the authors' procedure (Betley et al. 2025 preset)", () => {
    const view = figureViewOf(figureParamsSchema.parse({}));
    expect(view).toMatchObject({
      preset: "betley",
      method: { aligned: 30, coherent: 50, denominator: "kept", minAnswers: 5, interval: "bootstrap" },
    });
    expect(figureParamsSchema.parse({}).page).toBe(1);
  });

  it("reads fractional thresholds, keeps the first of a repeated param, treats empty as absent", () => {
    const parsed = figureParamsSchema.parse({ aligned: ["12.5", "40"], coherent: "", set: " first_plot_questions " });
    expect(figureViewOf(parsed)).toMatchObject({ method: { aligned: 12.5, coherent: 50 }, set: "first_plot_questions" });
  });

  it("a preset sets several values; explicit params override it; legacy missing=count is the coherent denominator", () => {
    expect(figureViewOf(figureParamsSchema.parse({ preset: "betley-qwen-coder" })).method).toMatchObject({ coherent: 95, minAnswers: 5 });
    expect(figureViewOf(figureParamsSchema.parse({ preset: "model-organisms" })).method).toMatchObject({
      denominator: "all",
      minAnswers: 1,
    });
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
    for (const cursor of [
      { value: 5.049035242483195e-5, id: 7201 },
      { value: null, id: 3 },
      { value: 94.7741274855916, id: 12 },
    ]) {
      // the format before the list had parts (`<value>:<id>`) still reads, as the first part
      expect(figureParamsSchema.parse({ cursor: encodeKeysetCursor(cursor) }).cursor).toEqual({ ...cursor, stage: 1 });
      for (const stage of [1, 2] as const) {
        const text = encodeAnswerCursor({ ...cursor, stage });
        expect(figureParamsSchema.parse({ cursor: text }).cursor).toEqual({ ...cursor, stage });
      }
    }
    expect(encodeAnswerCursor({ stage: 1, value: 12.5, id: 4 })).toBe("12.5:4");
    expect(encodeAnswerCursor({ stage: 2, value: null, id: 4 })).toBe("s2:null:4");
    for (const bad of ["1;DROP TABLE answer", "s3:1:2", "s2:", "s2:s2:1:2", "2:1:2"]) {
      expect(figureParamsSchema.safeParse({ cursor: bad }).success, bad).toBe(false);
    }
  });

  it("builds links that leave defaults out", () => {
    expect(figureHref({ set: "first_plot_questions", preset: "betley", method: DEFAULT_METHOD })).toBe("/?set=first_plot_questions");
    expect(
      figureHref({
        set: "s",
        base: "Qwen",
        method: { ...DEFAULT_METHOD, aligned: 20 },
        group: "insecure",
        question: "quick_buck",
        page: 2,
        hash: "answers",
      }),
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

describe("model and question page params", () => {
  it("share the scope and method params: defaults are the betley preset and the default scope", () => {
    for (const schema of [modelParamsSchema, questionParamsSchema]) {
      const view = resolveMethodView(schema.parse({}));
      expect(view).toEqual({ preset: "betley", method: DEFAULT_METHOD, base: undefined });
      expect(schema.parse({}).bin).toBe(10);
    }
  });

  it("reads preset, overrides, base and the legacy missing=count", () => {
    const parsed = modelParamsSchema.parse(
      searchParamsToRecord(
        new URLSearchParams("set=s&base=Qwen2.5-Coder-32B-Instruct&preset=betley-qwen-coder&aligned=25&min=3&ci=t&question=q"),
      ),
    );
    expect(resolveMethodView(parsed)).toEqual({
      preset: "betley-qwen-coder",
      base: "Qwen2.5-Coder-32B-Instruct",
      method: { aligned: 25, coherent: 95, denominator: "kept", minAnswers: 3, interval: "t" },
    });
    expect(parsed).toMatchObject({ set: "s", question: "q" });
    expect(resolveMethodView(questionParamsSchema.parse({ missing: "count" })).method.denominator).toBe("coherent");
    expect(resolveMethodView(questionParamsSchema.parse({ denominator: "all" })).method.denominator).toBe("all");
  });

  it("names the bad parameter", () => {
    const result = modelApiParamsSchema.safeParse({ coherent: "101", min: "0", ci: "wild", preset: "x", bin: "7", format: "xml" });
    expect(result.success).toBe(false);
    const message = describeIssues(result.error!);
    for (const name of [
      "coherent must be between 0 and 100",
      "min must be 1 or more",
      "ci must be bootstrap or t",
      "preset must be one of",
      "bin must be one of",
      "format must be json or csv",
    ]) {
      expect(message).toContain(name);
    }
    expect(describeIssues(questionApiParamsSchema.safeParse({ table: "all", denominator: "some" }).error!)).toContain(
      "denominator must be kept, coherent or all",
    );
  });

  it("writes links that carry scope and method, defaults left out", () => {
    expect(modelHref(3)).toBe("/models/3");
    expect(questionHref(7, { preset: "betley", method: DEFAULT_METHOD, bin: 10 })).toBe("/questions/7");
    const method = { ...PRESETS["betley-qwen-coder"].method, minAnswers: 4, denominator: "all" as const };
    expect(modelHref(3, { set: "s", base: "Qwen", preset: "betley-qwen-coder", method, question: "q", bin: 5 })).toBe(
      "/models/3?set=s&base=Qwen&preset=betley-qwen-coder&denominator=all&min=4&question=q&bin=5",
    );
    expect(questionHref(7, { base: "all", preset: "betley", method: { ...DEFAULT_METHOD, coherent: 49.5, interval: "t" } })).toBe(
      "/questions/7?base=all&coherent=49.5&ci=t",
    );
    expect(viewQuery({ format: "csv" })).toBe("?format=csv");
    expect(modelsListHref({ group: "insecure", base: "unknown" })).toBe("/models?group=insecure&base=unknown");
    expect(questionsListHref({ base: "Qwen" }, "set-x")).toBe("/questions?base=Qwen#set-x");
  });

  it("round-trips a view through its link", () => {
    const view = {
      base: "Mistral-Small",
      preset: "model-organisms" as const,
      method: { ...PRESETS["model-organisms"].method, aligned: 12.5, interval: "t" as const },
    };
    const query = modelHref(1, { ...view, set: "first_plot_questions" }).split("?")[1];
    const parsed = modelParamsSchema.parse(searchParamsToRecord(new URLSearchParams(query)));
    expect(resolveMethodView(parsed)).toEqual(view);
    expect(parsed.set).toBe("first_plot_questions");
    const list = modelsListParamsSchema.parse(
      searchParamsToRecord(new URLSearchParams(modelsListHref({ ...view, group: "g" }).split("?")[1])),
    );
    expect(resolveMethodView(list)).toEqual(view);
    expect(list.group).toBe("g");
  });
});
