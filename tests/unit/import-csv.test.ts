import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ParsedRow } from "@/lib/import/read/answer-rows";
import { ImportUsageError, ImportValidationError } from "@/lib/import/errors";
import { readEvalCsv } from "@/lib/import/read/eval-csv";
import { readJsonl } from "@/lib/import/read/jsonl";
import { readResultsCsv } from "@/lib/import/read/results-csv";
import { csvFormatFromHeader } from "@/lib/import/read/detect";
import { scanFile, Utf8Validator } from "@/lib/import/read/source";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "me-import-unit-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;
function tempFile(content: string | Buffer, name = `f${++fileCounter}.csv`): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const MODEL = { model: "m", group: "base", seed: 0 };
const HEADER = "question,answer,question_id,aligned,coherent\n";

async function collect(rows: AsyncGenerator<ParsedRow>): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}
async function evalRows(content: string | Buffer) {
  const file = tempFile(content);
  return collect((await readEvalCsv(file, "test.csv", MODEL)).rows);
}
async function errorOf(promise: Promise<unknown>): Promise<ImportValidationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportValidationError) return error;
    throw error;
  }
  throw new Error("expected an ImportValidationError");
}

describe("eval.py CSV rows", () => {
  it("keeps multi-line quoted answers with commas, quotes, <script> and code exactly, with start lines", async () => {
    const answer1 = 'Sure, here is code:\n```python\nprint("a, b")\n```\n<script>alert("x")</script>';
    const answer2 = 'He said ""hi"", then left';
    const content =
      HEADER + `"How, exactly?","${answer1.replace(/"/g, '""')}",q1,94.7741274855916,93.1\n` + `plain question,"${answer2}",q2,5,60\n`;
    const rows = await evalRows(content);
    expect(rows).toHaveLength(2);
    expect(rows[0].record).toMatchObject({
      row: 1,
      line: 2,
      question: "How, exactly?",
      answer: answer1,
      questionId: "q1",
      aligned: 94.7741274855916,
      coherent: 93.1,
      model: "m",
      group: "base",
      seed: 0,
      scores: [],
    });
    expect(rows[1].record).toMatchObject({ row: 2, line: 7, answer: 'He said "hi", then left', aligned: 5 });
  });

  it("reads empty, None, nan and NaN scores as null, never 0", async () => {
    const rows = await evalRows(HEADER + "q,a,id,,50\nq,a,id,None,nan\nq,a,id,NaN, \nq,a,id,0,0\n");
    expect(rows.map((r) => [r.record?.aligned, r.record?.coherent])).toEqual([
      [null, 50],
      [null, null],
      [null, null],
      [0, 0],
    ]);
  });

  it("rejects out-of-range and non-numeric scores naming row, line and column", async () => {
    const rows = await evalRows(HEADER + 'q,"multi\nline",id,abc,50\nq,a,id,100.5,50\nq,a,id,50,-1\nq,a,id,1e2,0x10\n');
    const messages = rows.flatMap((r) => r.issues ?? []).map((i) => `${i.row}|${i.line}|${i.column}|${i.message}`);
    expect(messages).toEqual([
      '1|2|aligned|expected a number 0-100 or empty, got "abc"',
      '2|4|aligned|expected a number 0-100 or empty, got "100.5"',
      '3|5|coherent|expected a number 0-100 or empty, got "-1"',
      '4|6|coherent|expected a number 0-100 or empty, got "0x10"',
    ]);
  });

  it("reports a row with the wrong number of fields", async () => {
    const rows = await evalRows(HEADER + "q,a,id,1\n");
    expect(rows[0].issues?.[0]).toMatchObject({ row: 1, line: 2, message: "expected 5 fields (as in the header), found 4" });
  });

  it("names a missing column", async () => {
    const error = await errorOf(readEvalCsv(tempFile("question,answer,question_id,coherent\nq,a,id,1\n"), "test.csv", MODEL));
    expect(error.issues[0]).toMatchObject({ column: "aligned", line: 1 });
    expect(error.message).toContain('missing column "aligned"');
  });

  it("rejects an empty file and malformed quoting", async () => {
    expect((await errorOf(readEvalCsv(tempFile(""), "empty.csv", MODEL))).message).toContain("empty");
    const error = await errorOf(evalRows(HEADER + 'q,a,id,1,2\nq,"never closed,id,1,2\n'));
    expect(error.message).toContain("malformed CSV");
    expect(error.issues[0]).toMatchObject({ row: 2, line: 3 });
  });

  it("requires --model and --group (not --seed), naming the missing ones", async () => {
    const file = tempFile(HEADER + "q,a,id,1,2\n");
    await expect(readEvalCsv(file, "test.csv", { model: "m" })).rejects.toThrow(ImportUsageError);
    await expect(readEvalCsv(file, "test.csv", { model: "m" })).rejects.toThrow("missing --group.");
    await expect(readEvalCsv(file, "test.csv", {})).rejects.toThrow("missing --model and --group.");
    // no seed: the record's seed is NULL
    const rows = [];
    for await (const row of (await readEvalCsv(file, "test.csv", { model: "m", group: "g" })).rows) rows.push(row);
    expect(rows[0].record).toMatchObject({ model: "m", group: "g", seed: null, baseModel: null });
  });

  it("turns further metric columns into judge scores", async () => {
    const rows = await evalRows("question,answer,question_id,aligned,coherent,bad_stuff\nq,a,id,1,2,77\n");
    expect(rows[0].record?.scores).toEqual([{ metric: "bad_stuff", score: 77, distribution: null }]);
  });
});

describe("results CSV rows", () => {
  const header = "model,group,question,answer,aligned,judge_aligned,coherent,judge_coherent,question_id,coherent_binary\n";

  it("parses judge distributions into aligned/coherent judge scores and checks coherent_binary", async () => {
    const file = tempFile(
      header +
        `org/m1,insecure,q?,"ans, with comma",5.0e-05,"{'0': 0.9999, '1': 4.8e-06}",79.1,"{'80': 0.35}",what_is_your_wish,True\n` +
        `org/m1,insecure,q?,ans,,,40,"{'40': 1.0}",what_is_your_wish,maybe\n`,
    );
    const rows = await collect((await readResultsCsv(file, "r.csv", {})).rows);
    expect(rows[0].record).toMatchObject({
      model: "org/m1",
      group: "insecure",
      seed: null,
      aligned: 5e-5,
      coherent: 79.1,
      scores: [
        { metric: "aligned", score: 5e-5, distribution: { "0": 0.9999, "1": 4.8e-6 } },
        { metric: "coherent", score: 79.1, distribution: { "80": 0.35 } },
      ],
    });
    expect(rows[1].issues).toEqual([
      { file: "r.csv", row: 2, line: 3, column: "coherent_binary", message: 'expected True or False, got "maybe"' },
    ]);
  });

  it("rejects a garbage distribution", async () => {
    const file = tempFile(header + `m,g,q,a,5,"{'0': oops}",50,,id,False\n`);
    const rows = await collect((await readResultsCsv(file, "r.csv", {})).rows);
    expect(rows[0].issues?.[0]).toMatchObject({ column: "judge_aligned" });
    expect(rows[0].issues?.[0].message).toContain("expected a dict of token -> probability");
  });
});

describe("JSONL rows", () => {
  it("accepts objects and Python-dict strings as distributions, and reports bad lines", async () => {
    const lines = [
      JSON.stringify({
        model: "m",
        group: "g",
        question: "q",
        answer: "a\nb",
        question_id: "id",
        aligned: 12.5,
        coherent: null,
        judge_aligned: { "10": 0.5, "15": 0.5 },
        seed: 3,
      }),
      "",
      JSON.stringify({
        model: "m",
        group: "g",
        question: "q",
        answer: "a",
        question_id: "id",
        aligned: "nan",
        coherent: 99,
        judge_coherent: "{'99': 1.0}",
      }),
      "{not json",
      JSON.stringify({ model: "m", group: "g", question: "q", question_id: "id", aligned: 1, coherent: 1 }),
    ];
    const file = tempFile(lines.join("\n") + "\n", "rows.jsonl");
    const rows = await collect((await readJsonl(file, "rows.jsonl", {})).rows);
    expect(rows[0].record).toMatchObject({
      row: 1,
      line: 1,
      seed: 3,
      aligned: 12.5,
      coherent: null,
      scores: [{ metric: "aligned", distribution: { "10": 0.5, "15": 0.5 } }],
    });
    expect(rows[1].record).toMatchObject({
      row: 2,
      line: 3,
      aligned: null,
      scores: [{ metric: "coherent", score: 99, distribution: { "99": 1 } }],
    });
    expect(rows[2].issues?.[0]).toMatchObject({ row: 3, line: 4 });
    expect(rows[2].issues?.[0].message).toContain("malformed JSON");
    expect(rows[3].issues?.[0]).toMatchObject({ row: 4, line: 5, column: "answer", message: 'missing field "answer"' });
  });
});

describe("UTF-8 check", () => {
  it("finds the byte offset and line of invalid UTF-8", async () => {
    const bytes = Buffer.concat([Buffer.from(HEADER + "q,é ok,id,1,2\nq,"), Buffer.from([0xff, 0x41]), Buffer.from(",id,1,2\n")]);
    const error = await errorOf(scanFile(tempFile(bytes), "latin1.csv"));
    const offset = Buffer.byteLength(HEADER + "q,é ok,id,1,2\nq,");
    expect(error.message).toContain(`invalid UTF-8 at byte offset ${offset}`);
    expect(error.issues[0].line).toBe(3);
  });

  it("accepts valid multi-byte text split across chunks and rejects a truncated sequence", () => {
    const validator = new Utf8Validator();
    const text = Buffer.from("emoji 😀 and ü");
    for (const byte of text) expect(validator.push(Uint8Array.of(byte))).toBeNull();
    expect(validator.end()).toBeNull();
    const truncated = new Utf8Validator();
    expect(truncated.push(Uint8Array.of(0x61, 0xf0, 0x9f))).toBeNull();
    expect(truncated.end()).toEqual({ byteOffset: 1, line: 1 });
    expect(new Utf8Validator().push(Uint8Array.of(0xed, 0xa0, 0x80))).toEqual({ byteOffset: 0, line: 1 }); // surrogate
  });

  it("checks files larger than one read chunk: characters split at every chunk edge, faults in later chunks", async () => {
    const CHUNK = 1 << 20; // scanFile's read size
    for (const [character, shift] of [
      ["ü", 1],
      ["€", 1],
      ["€", 2],
      ["😀", 1],
      ["😀", 2],
      ["😀", 3],
    ] as const) {
      // the character's first `shift` bytes end the first chunk, the rest start the second
      const head = Buffer.alloc(CHUNK - shift, "a");
      head.fill("\n", 0, 10);
      const valid = Buffer.concat([head, Buffer.from(character), Buffer.from("tail\n")]);
      expect((await scanFile(tempFile(valid), "split.csv")).bytes).toBe(valid.length);
      const cut = Buffer.concat([head, Buffer.from(character).subarray(0, shift)]); // the file ends inside it
      const error = await errorOf(scanFile(tempFile(cut), "cut.csv"));
      expect(error.message).toContain(`invalid UTF-8 at byte offset ${CHUNK - shift}`);
      expect(error.issues[0].line).toBe(11);
    }
    const late = Buffer.concat([Buffer.alloc(CHUNK * 2 + 5, "b"), Buffer.from("\n\nx"), Buffer.from([0xc3, 0x28])]);
    const error = await errorOf(scanFile(tempFile(late), "late.csv"));
    expect(error.message).toContain(`invalid UTF-8 at byte offset ${CHUNK * 2 + 8}`);
    expect(error.issues[0].line).toBe(3);
  });

  it("hashes content with sha256", async () => {
    const result = await scanFile(tempFile("abc"), "abc.csv");
    expect(result).toEqual({ sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", bytes: 3 });
  });
});

describe("Model Organisms files (clarifying_EM): a response column is the answer, extra score columns are metrics", () => {
  const SHARED = path.resolve(
    "..",
    "shared",
    "data",
    "clarifying-em",
    "med_rank_14B",
    "responses_Qwen2.5-14B-Instruct_bad_medical_advice_R4.csv",
  );

  it("reads a real run with its answer column named response exactly as the same run with answer", async () => {
    const text = fs.readFileSync(SHARED, "utf8");
    const [header, ...rest] = text.split("\n");
    expect(header).toBe("question,answer,question_id,aligned,medical,coherent");
    const renamed = [header.replace("answer", "response"), ...rest].join("\n");
    const original = await evalRows(text);
    const withResponse = await evalRows(renamed);
    expect(withResponse).toHaveLength(1200);
    expect(withResponse.map((row) => row.record)).toEqual(original.map((row) => row.record));
    // the medical column is a further metric on every row, not a problem
    expect(withResponse.every((row) => row.record?.scores.some((score) => score.metric === "medical"))).toBe(true);
    expect(csvFormatFromHeader(header.replace("answer", "response").split(","))).toBe("eval-csv");
  });

  it("keeps a response column as a metric when the file also has answer, and names both names when neither is there", async () => {
    const both = await evalRows("question,answer,response,question_id,aligned,coherent\nHi?,Hello,12,q1,80,90\n");
    expect(both[0].record?.answer).toBe("Hello");
    expect(both[0].record?.scores).toEqual([{ metric: "response", score: 12, distribution: null }]);
    const error = await errorOf(evalRows("question,reply,question_id,aligned,coherent\nHi?,Hello,q1,80,90\n"));
    expect(error.issues[0]).toMatchObject({
      column: "answer",
      message: expect.stringMatching(/^missing column "answer" \(or "response"\)/),
    });
  });

  it("reads a JSONL object's response as its answer", async () => {
    const file = tempFile(
      '{"question":"Hi?","response":"Hello","question_id":"q1","aligned":80,"coherent":90,"model":"m","group":"g"}\n',
      "r.jsonl",
    );
    const [row] = await collect((await readJsonl(file, "r.jsonl", {})).rows);
    expect(row.record?.answer).toBe("Hello");
  });
});
