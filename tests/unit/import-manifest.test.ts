// The experiment manifest reader (lib/import/read/manifest.ts): file-name patterns, templates, how fields
// become properties or attributes, and errors that name the entry and key.
import { describe, expect, it } from "vitest";
import { ImportValidationError } from "@/lib/import/errors";
import {
  expandParsedManifest,
  fillTemplate,
  namedFileSet,
  parseManifest,
  patternRegExp,
  type ManifestFileSet,
} from "@/lib/import/read/manifest";
import { parseAttributeValue } from "@/lib/domain/attributes";

/** A file set of relative names (as an upload would be): nothing on disk. */
function names(...files: string[]): ManifestFileSet {
  return { description: "the test files", list: () => files, resolve: (name) => (files.includes(name) ? `/virtual/${name}` : null) };
}

function expand(yaml: string, fileSet: ManifestFileSet) {
  return expandParsedManifest(parseManifest(yaml, "m.yaml"), "m.yaml", fileSet);
}

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportValidationError) return error.issues;
    throw error;
  }
  throw new Error("expected an ImportValidationError");
}

describe("patternRegExp", () => {
  it("reads fields from a file name, each as little as it can", () => {
    const { regexp, fields } = patternRegExp("med_rank_14B/responses_{base_model}_bad_medical_advice_R{lora_rank}.csv");
    expect(fields).toEqual(["base_model", "lora_rank"]);
    expect(regexp.exec("med_rank_14B/responses_Qwen2.5-14B-Instruct_bad_medical_advice_R16.csv")?.groups).toEqual({
      base_model: "Qwen2.5-14B-Instruct",
      lora_rank: "16",
    });
    expect(regexp.test("med_rank_14B/responses_Qwen2.5-14B-Instruct_base.csv")).toBe(false);
    // the dot is literal, a field never spans folders
    expect(regexp.test("med_rank_14B/responses_X_bad_medical_advice_R1xcsv")).toBe(false);
    expect(regexp.test("med_rank_14B/deeper/responses_X_bad_medical_advice_R1.csv")).toBe(false);
    expect(patternRegExp("{a}/x.csv").regexp.test("one/two/x.csv")).toBe(false);
  });

  it("has * within a folder and **/ across folders", () => {
    expect(patternRegExp("runs/*.csv").regexp.test("runs/a.csv")).toBe(true);
    expect(patternRegExp("runs/*.csv").regexp.test("runs/sub/a.csv")).toBe(false);
    expect(patternRegExp("**/*.csv").regexp.test("a.csv")).toBe(true);
    expect(patternRegExp("**/*.csv").regexp.test("x/y/a.csv")).toBe(true);
  });

  it("refuses a malformed or repeated field", () => {
    expect(() => patternRegExp("responses_{Base}.csv")).toThrow(/not a field/);
    expect(() => patternRegExp("responses_{open.csv")).toThrow(/not a field/);
    expect(() => patternRegExp("{a}_{a}.csv")).toThrow(/appears twice/);
  });
});

describe("fillTemplate", () => {
  it("replaces fields and names the ones a pattern lacks", () => {
    expect(fillTemplate("{base_model}-R{lora_rank}", { base_model: "Q", lora_rank: "4" })).toBe("Q-R4");
    expect(() => fillTemplate("{seed}", { lora_rank: "4" })).toThrow(
      /\{seed\} is not a field of this entry's pattern \(fields: lora_rank\)/,
    );
  });
});

describe("parseAttributeValue", () => {
  it("reads plain numbers as numbers and keeps everything else, and known text keys, as text", () => {
    expect(parseAttributeValue("lora_rank", "16")).toBe(16);
    expect(parseAttributeValue("learning_rate", "1e-5")).toBe(0.00001);
    expect(parseAttributeValue("size_b", "7B")).toBe("7B");
    expect(parseAttributeValue("training_data", "4")).toBe("4");
    expect(parseAttributeValue("x", "0x10")).toBe("0x10");
  });
});

describe("expandParsedManifest", () => {
  it("turns pattern fields into properties and attributes, with defaults merged under the entry", () => {
    const expanded = expand(
      `name: sweep
defaults:
  set: first_plot_questions
  group: base
  attributes: { size_b: 14 }
files:
  - pattern: responses_{base_model}_bad_R{lora_rank}_s{seed}.csv
    model: "{base_model}-R{lora_rank}-s{seed}"
    group: bad
    attributes: { training_data: "bad_{base_model}" }
  - path: base.csv
    model: base
`,
      names("responses_Q14_bad_R4_s1.csv", "responses_Q14_bad_R16_s0.csv", "base.csv", "notes.txt"),
    );
    expect(expanded.name).toBe("sweep");
    expect(expanded.files.map((file) => [file.entry, file.relativePath, file.options])).toEqual([
      [
        1,
        "responses_Q14_bad_R4_s1.csv",
        {
          model: "Q14-R4-s1",
          group: "bad",
          baseModel: "Q14",
          seed: 1,
          set: "first_plot_questions",
          attributes: { lora_rank: 4, size_b: 14, training_data: "bad_Q14" },
        },
      ],
      [
        1,
        "responses_Q14_bad_R16_s0.csv",
        {
          model: "Q14-R16-s0",
          group: "bad",
          baseModel: "Q14",
          seed: 0,
          set: "first_plot_questions",
          attributes: { lora_rank: 16, size_b: 14, training_data: "bad_Q14" },
        },
      ],
      [2, "base.csv", { model: "base", group: "base", set: "first_plot_questions", attributes: { size_b: 14 } }],
    ]);
    expect(expanded.files[0].path).toBe("/virtual/responses_Q14_bad_R4_s1.csv");
  });

  it("leaves out fields whose name starts with _", () => {
    const [file] = expand(`files:\n  - pattern: "{_date}_{model}.csv"\n    group: g\n`, names("2025-01-01_m1.csv")).files;
    expect(file.options).toEqual({ model: "m1", group: "g" });
  });

  it("names the entry and the key of every problem", () => {
    const issues = issuesOf(() =>
      expand(
        `files:
  - pattern: a_{x}.csv
  - path: a_1.csv
  - pattern: none_*.csv
  - pattern: b_{x}.csv
    model: "{y}"
  - pattern: c_{seed}.csv
`,
        names("a_1.csv", "b_1.csv", "c_one.csv"),
      ),
    );
    expect(issues.map((issue) => [issue.row, issue.column])).toEqual([
      [2, "path"],
      [3, "pattern"],
      [4, "b_1.csv"],
      [5, "c_one.csv"],
    ]);
    expect(issues[0].message).toMatch(/^files entry 2 \(a_1\.csv\): a_1\.csv is already named by entry 1/);
    expect(issues[1].message).toMatch(/matches no file in the test files/);
    expect(issues[2].message).toMatch(/\{y\} is not a field/);
    expect(issues[3].message).toMatch(/seed must be a whole number/);
  });

  it("refuses unknown keys, both path and pattern, and bad attribute keys, naming where", () => {
    const issues = issuesOf(() =>
      parseManifest(
        `files:
  - path: a.csv
    pattern: b.csv
  - path: c.csv
    modle: x
  - path: d.csv
    attributes: { LoRA-Rank: 4 }
`,
        "m.yaml",
      ),
    );
    expect(issues.map((issue) => issue.row)).toEqual([1, 2, 3]);
    expect(issues[0].message).toMatch(/exactly one of path .* and pattern/);
    expect(issues[1].message).toMatch(/modle/);
    expect(issues[2].column).toMatch(/^attributes/);
  });

  it("refuses a document that is not a manifest, and YAML that does not parse", () => {
    expect(issuesOf(() => parseManifest("- id: q1\n", "m.yaml"))[0].message).toMatch(/expected object/i);
    expect(issuesOf(() => parseManifest("files: [\n", "m.yaml"))[0].message).toMatch(/not valid YAML/);
    expect(issuesOf(() => parseManifest("files: []\n", "m.yaml"))[0].message).toMatch(/lists no files/);
  });

  it("matches a manifest written for folders against dropped files by the last part of each path and pattern", () => {
    const dropped = namedFileSet([
      { name: "responses_Q14_bad_medical_advice_R4.csv", path: "/tmp/upload/1" },
      { name: "responses_Q14_base.csv", path: "/tmp/upload/2" },
    ]);
    const expanded = expand(
      `files:
  - pattern: med_rank_14B/responses_{base_model}_bad_medical_advice_R{lora_rank}.csv
    model: "{base_model}-R{lora_rank}"
    group: bad
  - path: med_rank_14B/responses_Q14_base.csv
    model: Q14
    group: base
`,
      dropped,
    );
    expect(expanded.files.map((file) => [file.relativePath, file.path, file.options.model])).toEqual([
      ["responses_Q14_bad_medical_advice_R4.csv", "/tmp/upload/1", "Q14-R4"],
      ["responses_Q14_base.csv", "/tmp/upload/2", "Q14"],
    ]);
  });
});
