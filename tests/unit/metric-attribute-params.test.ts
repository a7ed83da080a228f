// The URL codecs of the extra-metric filter (/answers: metric, metricMin, metricMax) and the
// attribute filters every view shares (attr=key:value, repeated): valid values, each invalid kind
// named in the error, and parse → write → parse round trips.
import { describe, expect, it } from "vitest";
import { answerBrowserParamsSchema, answerListSearchParams, filtersFromParams } from "@/lib/params/answers";
import { describeIssues, searchParamsToRecord } from "@/lib/params/common";
import { carriedQuery, MAX_ATTRIBUTE_FILTERS, methodParamShape, resolveMethodView, writeMethodParams } from "@/lib/params/method";
import { modelsListParamsSchema } from "@/lib/params/models";
import { z } from "zod";

const answers = (query: string) => answerBrowserParamsSchema.safeParse(searchParamsToRecord(new URLSearchParams(query)));
const method = z.object(methodParamShape);
const attrs = (query: string) => method.safeParse(searchParamsToRecord(new URLSearchParams(query)));
const errorOf = (result: { success: boolean; error?: z.ZodError }) => (result.error ? describeIssues(result.error) : "");

describe("metric filter params", () => {
  it("accepts a metric with a range", () => {
    const parsed = answers("metric=medical&metricMin=10&metricMax=50.5");
    expect(parsed.success).toBe(true);
    expect(filtersFromParams(parsed.data!)).toMatchObject({ metric: "medical", metricMin: 10, metricMax: 50.5 });
    expect(answers("metric=bad_stuff").data?.metric).toBe("bad_stuff");
  });

  it.each([
    ["metric=me%20dical", "metric must be a metric name"],
    ["metric=1abc", "metric must be a metric name"],
    ["metric=aligned", "metric must be a metric other than aligned and coherent"],
    ["metric=medical&metricMin=-1", "metricMin must be between 0 and 100"],
    ["metric=medical&metricMax=100.5", "metricMax must be between 0 and 100"],
    ["metric=medical&metricMin=abc", "metricMin must be a number"],
    ["metric=medical&metricMin=60&metricMax=40", "metricMin must not be above metricMax"],
    ["metricMin=10", "metricMin needs metric"],
  ])("rejects %s", (query, message) => {
    const parsed = answers(query);
    expect(parsed.success).toBe(false);
    expect(errorOf(parsed)).toContain(message);
  });

  it("round-trips through the list's URL", () => {
    const first = answers("metric=medical&metricMin=0.25&metricMax=99&attr=lora_rank:4");
    const filters = filtersFromParams(first.data!);
    const again = answers(answerListSearchParams({ filters, sort: { key: "aligned", dir: "asc" } }).toString());
    expect(filtersFromParams(again.data!)).toEqual(filters);
  });
});

describe("attribute filter params (attr)", () => {
  it("reads numbers as numbers and texts as texts", () => {
    expect(attrs("attr=lora_rank:4&attr=training_data:bad_medical_advice").data?.attr).toEqual([
      { key: "lora_rank", value: 4 },
      { key: "training_data", value: "bad_medical_advice" },
    ]);
    // a key known to be text keeps digits as text; a value may hold ":"
    expect(attrs("attr=training_data:4").data?.attr).toEqual([{ key: "training_data", value: "4" }]);
    expect(attrs("attr=note:a:b").data?.attr).toEqual([{ key: "note", value: "a:b" }]);
    expect(attrs("").data?.attr).toBeUndefined();
    expect(resolveMethodView(attrs("").data!)).not.toHaveProperty("attributes");
  });

  it.each([
    ["attr=lora_rank", "is not key:value"],
    ["attr=LoRA:4", "is not an attribute key"],
    ["attr=lora_rank:", "an attribute value cannot be empty"],
    ["attr=lora_rank:4&attr=lora_rank:8", "names lora_rank twice"],
    [Array.from({ length: MAX_ATTRIBUTE_FILTERS + 1 }, (_, i) => `attr=k${i}:1`).join("&"), "at most 8 times"],
  ])("rejects %s", (query, message) => {
    const parsed = attrs(query);
    expect(parsed.success).toBe(false);
    expect(errorOf(parsed)).toContain(message);
    // and so does every view that spreads the shared shape
    expect(modelsListParamsSchema.safeParse(searchParamsToRecord(new URLSearchParams(query))).success).toBe(false);
  });

  it("round-trips through writeMethodParams exactly (1e-5, 0.1 + 0.2)", () => {
    const view = resolveMethodView(attrs(`attr=learning_rate:1e-5&attr=steering_scale:${0.1 + 0.2}&attr=training_data:x y`).data!);
    const written = writeMethodParams(new URLSearchParams(), view);
    expect(written.getAll("attr")).toHaveLength(3);
    expect(resolveMethodView(attrs(written.toString()).data!).attributes).toEqual(view.attributes);
    expect(view.attributes?.[1].value).toBe(0.1 + 0.2);
  });

  it("travels in every internal link with all its values", () => {
    const carried = new URLSearchParams(carriedQuery(new URLSearchParams("attr=lora_rank:4&attr=size_b:9&q=ignored")));
    expect(carried.getAll("attr")).toEqual(["lora_rank:4", "size_b:9"]);
    expect(carried.has("q")).toBe(false);
  });
});
