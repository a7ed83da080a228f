import { describe, expect, it } from "vitest";
import { detectFormat } from "@/lib/import/read/detect";
import { ImportValidationError } from "@/lib/import/errors";

describe("detectFormat", () => {
  it("tells the formats apart by extension and header", () => {
    expect(detectFormat("first_plot_questions.yaml", "- id: x\n")).toBe("question-yaml");
    expect(detectFormat("q.yml", "- id: x\n")).toBe("question-yaml");
    expect(detectFormat("eval_result_base.csv", "question,answer,question_id,aligned,coherent\nq,a,id,1,2\n")).toBe("eval-csv");
    expect(
      detectFormat("qwen.csv", "model,group,question,answer,aligned,judge_aligned,coherent,judge_coherent,question_id,coherent_binary\n"),
    ).toBe("results-csv");
    expect(detectFormat("bom.csv", "\uFEFFquestion,answer,question_id,aligned,coherent\r\n")).toBe("eval-csv");
    expect(detectFormat("rows.jsonl", '{"model": "m"}\n')).toBe("jsonl");
  });

  it("sniffs the content when the extension says nothing", () => {
    expect(detectFormat("download", '{"question": "q"}\n')).toBe("jsonl");
    expect(detectFormat("download", "# questions\n- id: a\n")).toBe("question-yaml");
    expect(detectFormat("download", "question,answer,question_id,aligned,coherent\n")).toBe("eval-csv");
  });

  it("says so when it cannot tell, and for an empty file", () => {
    expect(() => detectFormat("x.csv", "a,b,c\n1,2,3\n")).toThrow(ImportValidationError);
    expect(() => detectFormat("x.csv", "a,b,c\n1,2,3\n")).toThrow("--format");
    expect(() => detectFormat("x.csv", "  \n")).toThrow("empty");
  });
});
