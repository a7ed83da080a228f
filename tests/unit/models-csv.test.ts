// The models list's CSV (lib/export/models.ts): one attr_<key> column per attribute key, and an
// attribute text (from an import manifest: untrusted) neutralised like every other cell (OWASP CSV
// injection: a leading = + - @ would run as a formula in a spreadsheet).
import { describe, expect, it } from "vitest";
import { toCsv } from "@/lib/export/csv";
import { modelAttributeKeys, modelListColumns } from "@/lib/export/models";
import type { ModelSummary } from "@/lib/models/types";

function model(id: number, attributes: ModelSummary["attributes"]): ModelSummary {
  return {
    id,
    name: `m${id}`,
    seed: null,
    baseModel: "B",
    group: { name: "g", label: "G", color: "#000" },
    answers: 10,
    examples: 0,
    sets: [],
    attributes,
  };
}

describe("models CSV attribute columns", () => {
  const models = [
    model(1, [
      { key: "training_data", value: '=HYPERLINK("http://x","y")' },
      { key: "lora_rank", value: 4 },
    ]),
    model(2, [
      { key: "steering_scale", value: -0.5 },
      { key: "training_data", value: "@SUM(A1)" },
    ]),
    model(3, []),
  ];

  it("lists the keys any model has, sorted", () => {
    expect(modelAttributeKeys(models)).toEqual(["lora_rank", "steering_scale", "training_data"]);
    expect(modelAttributeKeys([model(3, [])])).toEqual([]);
  });

  it("writes each model's value under its key, empty where it has none, texts formula-neutralised and numbers as numbers", () => {
    const lines = toCsv(models, modelListColumns("B", modelAttributeKeys(models))).split("\r\n");
    expect(lines[0]).toBe(
      "model_id,model,group,seed,base_model,answers,sets,example_answers,scope,attr_lora_rank,attr_steering_scale,attr_training_data",
    );
    expect(lines[1]).toBe(`1,m1,g,,B,10,,0,B,4,,"'=HYPERLINK(""http://x"",""y"")"`);
    expect(lines[2]).toBe("2,m2,g,,B,10,,0,B,,-0.5,'@SUM(A1)");
    expect(lines[3]).toBe("3,m3,g,,B,10,,0,B,,,");
  });
});
