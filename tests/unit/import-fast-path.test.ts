// The import's fast paths against the general ones they shortcut: plain score parsing vs
// checkScore, the per-header CSV row parser vs parseAnswerRow, the indexOf-driven CSV parser vs
// csv-parse at every chunking, the chunk decoder vs TextDecoder, the native UTF-8 scan vs the
// exact validator (also around the reader's 1 MiB chunk boundary).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { columnLayout, csvRowParser, parseAnswerRow, type ParsedRow } from "@/lib/import/read/answer-rows";
import { checkScore, plainScore } from "@/lib/import/read/cells";
import { Utf8ChunkDecoder, openCsv } from "@/lib/import/read/csv-reader";
import { ImportValidationError } from "@/lib/import/errors";
import { readEvalCsv } from "@/lib/import/read/eval-csv";
import { scanFile, Utf8Validator } from "@/lib/import/read/source";
import type { ImportOptions } from "@/lib/import/types";
import { parseCsvInChunks } from "../helpers/csv-chunks";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "me-import-fast-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;
function tempFile(content: string | Buffer): string {
  const file = path.join(dir, `f${++fileCounter}.csv`);
  fs.writeFileSync(file, content);
  return file;
}
const CHUNK = 1 << 20; // the reader's and the scan's read size

/** A deterministic pseudo-random generator (the tests must not flake). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SCORE_CELLS = [
  "0",
  "100",
  "50",
  "71.09005336416885",
  "5.",
  ".5",
  ".",
  "..",
  "5..5",
  "007.50",
  "100.0000001",
  "100.0",
  "101",
  "1e2",
  "1E-5",
  "+5",
  "-0",
  "-1",
  " 50",
  "50 ",
  "",
  " ",
  "NaN",
  "nan",
  "None",
  "null",
  "NULL",
  "Infinity",
  "0x10",
  "1,5",
  "٣",
  "1".repeat(400),
  `0.${"0".repeat(400)}1`,
  "5\u00a0",
];

describe("plainScore", () => {
  it("agrees with checkScore wherever it answers, and answers for plain decimals", () => {
    for (const cell of SCORE_CELLS) {
      const plain = plainScore(cell);
      if (plain === undefined) continue;
      const checked = checkScore(cell);
      expect(checked, JSON.stringify(cell)).toEqual({ ok: true, value: plain });
    }
    expect(plainScore("71.09005336416885")).toBe(71.09005336416885);
    expect(plainScore("5.")).toBe(5);
    expect(plainScore(".5")).toBe(0.5);
    for (const cell of ["", "-0", "1e2", " 50", "NaN", ".", "101", "+5"]) expect(plainScore(cell), cell).toBeUndefined();
  });
});

/** What the general path (a values object for parseAnswerRow) gives for a row. */
function generalRow(header: string[], fields: string[], row: number, line: number, options: ImportOptions): ParsedRow {
  const where = { file: "t.csv", row, line };
  if (fields.length !== header.length) {
    return { ...where, issues: [{ ...where, message: `expected ${header.length} fields (as in the header), found ${fields.length}` }] };
  }
  const values: Record<string, string> = {};
  header.forEach((column, i) => (values[column] = fields[i]));
  return parseAnswerRow(values, columnLayout(header).layout, where, options);
}

describe("csvRowParser", () => {
  const cells: Record<string, string[]> = {
    question: ["What?", "", " spaced ", "nul\0inside", "multi\nline"],
    answer: ["An answer, with comma", "", "x\0y", "é ✓ 😀"],
    question_id: ["what_is_your_wish", " padded ", "", "   ", "id\0"],
    aligned: SCORE_CELLS,
    coherent: ["50", "", "nan", "-0", "1e2", "abc"],
    model: ["org/m1", " m ", "", "m\0"],
    group: ["insecure", "", " g "],
    seed: ["0", "", "3", " 7 ", "-2", "1.5", "99999999999", "None"],
    base_model: ["", "Qwen", " q ", "None", "b\0"],
    coherent_binary: ["True", "false", "", "maybe", " TRUE "],
    judge_aligned: ["", "{'0': 0.99, '1': 4.8e-06}", "{'0': oops}", "{'0': 2}", "None", "{}"],
    judge_coherent: ["{'80': 0.35}", ""],
    bad_stuff: ["77", "", "x", "100.5"],
    judge_bad_stuff: ["{'1': 1.0}", "", "[1]"],
  };
  const headers = [
    ["question", "answer", "question_id", "aligned", "coherent"],
    ["model", "group", "seed", "question_id", "question", "answer", "aligned", "coherent"],
    ["model", "group", "question", "answer", "aligned", "judge_aligned", "coherent", "judge_coherent", "question_id", "coherent_binary"],
    ["question", "answer", "question_id", "aligned", "coherent", "bad_stuff", "judge_bad_stuff", "base_model", "seed"],
    ["answer", "question_id", "coherent", "aligned", "question", "group"],
  ];
  const optionSets: ImportOptions[] = [
    { model: "m", group: "base", seed: 0 },
    {},
    { model: " opt ", group: "g", seed: 5, baseModel: "B" },
    { model: "", group: "g" },
  ];

  it("gives exactly the general path's record or issues for every cell variant and option set", () => {
    const next = random(42);
    let fastRecords = 0;
    for (const header of headers) {
      for (const options of optionSets) {
        const parse = csvRowParser(header, columnLayout(header).layout, "t.csv", options);
        for (let i = 0; i < 400; i++) {
          // mostly valid rows (the first variant of each column), some cells varied
          const fields = header.map((column) => {
            const variants = cells[column];
            return next() < 0.7 ? variants[0] : variants[Math.floor(next() * variants.length)];
          });
          if (i % 50 === 49) fields.pop();
          if (i % 50 === 48) fields.push("extra");
          const got = parse(fields, i + 1, 2 * i + 2);
          expect(got, JSON.stringify({ header, options, fields })).toEqual(generalRow(header, fields, i + 1, 2 * i + 2, options));
          if (got.record) fastRecords++;
        }
      }
    }
    expect(fastRecords).toBeGreaterThan(500);
  });

  it("keeps the general path for a header with a __proto__ column", () => {
    const header = ["question", "answer", "question_id", "aligned", "coherent", "__proto__"];
    const fields = ["q", "a", "id", "5", "6", "7"];
    const options = { model: "m", group: "g", seed: 0 };
    expect(csvRowParser(header, columnLayout(header).layout, "t.csv", options)(fields, 1, 2)).toEqual(
      generalRow(header, fields, 1, 2, options),
    );
  });
});

/** Random CSV text with quoted and unquoted fields, both line ends, empty lines; and its records. */
function randomCsv(seed: number, records: number): { text: string; expected: { fields: string[]; line: number }[] } {
  const next = random(seed);
  const pieces = ["a", "word", " ", ",", '"', "\n", "\r\n", "\r", "é", "😀", "\\", "\t", "x".repeat(300)];
  const expected: { fields: string[]; line: number }[] = [];
  let text = "";
  let line = 1;
  const newline = next() < 0.5 ? "\n" : "\r\n";
  for (let r = 0; r < records; r++) {
    if (next() < 0.1) {
      text += newline;
      line++;
    }
    const count = 1 + Math.floor(next() * 5);
    const fields: string[] = [];
    const encoded: string[] = [];
    for (let f = 0; f < count; f++) {
      let value = "";
      const length = Math.floor(next() * 6);
      for (let k = 0; k < length; k++) value += pieces[Math.floor(next() * pieces.length)];
      const needsQuotes = /[",\n\r]/.test(value) || (value === "" && count === 1);
      if (!needsQuotes && next() < 0.8) encoded.push(value);
      else encoded.push(`"${value.replace(/"/g, '""')}"`);
      fields.push(value);
    }
    expected.push({ fields, line });
    const record = encoded.join(",");
    text += record;
    line += (record.match(/\n/g) ?? []).length;
    if (r < records - 1 || next() < 0.5) {
      text += newline;
      line++;
    }
  }
  return { text, expected };
}

describe("CsvParser (indexOf field search)", () => {
  it("gives csv-parse's records and the start lines for random CSV at any chunking", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { text, expected } = randomCsv(seed, 40);
      const reference = parse(text, { skip_empty_lines: true, relax_column_count: true }) as string[][];
      expect(
        expected.map((r) => r.fields),
        `seed ${seed}`,
      ).toEqual(reference);
      for (const sizes of [[text.length], [1], [2, 3], [7], [64, 5, 1], [333]]) {
        expect(parseCsvInChunks(text, sizes), `seed ${seed}, chunks ${sizes}`).toEqual(expected);
      }
    }
  });

  it("treats a lone carriage return in an unquoted field as data and finds a stray quote after it", () => {
    expect(parseCsvInChunks("a\rb,c\n", [2]).map((r) => r.fields)).toEqual([["a\rb", "c"]]);
    expect(() => parseCsvInChunks('a,b\nc\rd"e\n', [3])).toThrow("a quote inside an unquoted field");
  });
});

describe("Utf8ChunkDecoder", () => {
  it("decodes like TextDecoder for any split of ASCII, multi-byte text and a BOM", () => {
    const texts = ["\uFEFFhello, wörld 😀\n", "plain ascii only\n".repeat(3), "\uFEFF\uFEFFtwo boms", "é", "😀😀"];
    for (const text of texts) {
      const bytes = Buffer.from(text);
      const expected = new TextDecoder("utf-8").decode(bytes);
      for (let cut1 = 0; cut1 <= bytes.length; cut1++) {
        for (const cut2 of [cut1, Math.min(bytes.length, cut1 + 1), Math.min(bytes.length, cut1 + 3)]) {
          const decoder = new Utf8ChunkDecoder();
          const out =
            decoder.write(bytes.subarray(0, cut1)) +
            decoder.write(bytes.subarray(cut1, cut2)) +
            decoder.write(bytes.subarray(cut2)) +
            decoder.end();
          expect(out, `${JSON.stringify(text)} cut at ${cut1}/${cut2}`).toBe(expected);
        }
      }
    }
  });
});

async function readAll(file: string): Promise<{ header: string[]; rows: { row: number; line: number; fields: string[] }[] }> {
  const csv = await openCsv(file, "t.csv");
  const rows: { row: number; line: number; fields: string[] }[] = [];
  for await (const batch of csv.batches) for (const row of batch) rows.push(row);
  return { header: csv.header, rows };
}

describe("openCsv across the 1 MiB read size", () => {
  it("reads a long multi-line quoted field, a quote and a multi-byte character cut by the chunk boundary", async () => {
    for (const shift of [-2, -1, 0, 1]) {
      const head = "\uFEFFa,b\r\n";
      const long = `long ${"x".repeat(CHUNK)} "inside"\nnext line`;
      // the quote of the second record's first field lands on the boundary (shifted a little)
      const filler = "f".repeat(CHUNK - Buffer.byteLength(head) - 10 + shift);
      const text = `${head}${filler},"${long.replace(/"/g, '""')}"\r\n"é😀",2\r\nlast,"q${"é".repeat(CHUNK / 2)}"`;
      const { header, rows } = await readAll(tempFile(text));
      expect(header).toEqual(["a", "b"]);
      const expected = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
      expect(rows.map((r) => r.fields)).toEqual(expected.slice(1));
      expect(rows.map((r) => [r.row, r.line])).toEqual([
        [1, 2],
        [2, 4],
        [3, 5],
      ]);
    }
  });

  it("hands out the rows before a syntax error, then the error naming its row and line", async () => {
    const file = tempFile('question,answer,question_id,aligned,coherent\nq,a,id,1,2\nq,b,id,3,4\nq,x"y,id,1,2\nq,c,id,5,6\n');
    const reader = await readEvalCsv(file, "t.csv", { model: "m", group: "g", seed: 0 });
    const seen: number[] = [];
    let failure: unknown = null;
    try {
      for await (const row of reader.rows) seen.push(row.row);
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual([1, 2]);
    expect(failure).toBeInstanceOf(ImportValidationError);
    expect((failure as ImportValidationError).issues).toEqual([
      {
        file: "t.csv",
        row: 3,
        line: 4,
        message: "malformed CSV: a quote inside an unquoted field (quote the whole field and double the quote)",
      },
    ]);
  });
});

describe("UTF-8 scan (isUtf8 with the exact validator for faults)", () => {
  it("accepts multi-byte characters across the read size and hashes the same bytes", async () => {
    for (const shift of [1, 2, 3]) {
      const bytes = Buffer.concat([Buffer.alloc(CHUNK - shift, 0x61), Buffer.from("😀é✓\n"), Buffer.alloc(100, 0x62)]);
      const result = await scanFile(tempFile(bytes), "ok.csv");
      expect(result).toEqual({ sha256: crypto.createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length });
    }
  });

  it("names the same offset and line as the validator for faults before, at and after the boundary and at the end", async () => {
    const line = Buffer.from("x,y\n");
    const body = Buffer.concat(Array.from({ length: Math.ceil((CHUNK + 200) / line.length) }, () => line));
    const faults: [string, Buffer][] = [
      ["bad byte early", Buffer.concat([body.subarray(0, 10), Buffer.from([0xff]), body.subarray(10)])],
      [
        "cut sequence at the boundary, then ASCII",
        Buffer.concat([body.subarray(0, CHUNK - 1), Buffer.from([0xe2, 0x9c]), body.subarray(CHUNK)]),
      ],
      [
        "surrogate after the boundary",
        Buffer.concat([body.subarray(0, CHUNK + 5), Buffer.from([0xed, 0xa0, 0x80]), body.subarray(CHUNK + 5)]),
      ],
      ["truncated at the end", Buffer.concat([body, Buffer.from([0xf0, 0x9f])])],
    ];
    for (const [name, bytes] of faults) {
      const validator = new Utf8Validator();
      const fault = validator.push(bytes) ?? validator.end();
      expect(fault, name).not.toBeNull();
      let error: unknown = null;
      try {
        await scanFile(tempFile(bytes), "bad.csv");
      } catch (caught) {
        error = caught;
      }
      expect(error, name).toBeInstanceOf(ImportValidationError);
      expect((error as ImportValidationError).issues, name).toEqual([
        {
          file: "bad.csv",
          line: fault!.line,
          message: `invalid UTF-8 at byte offset ${fault!.byteOffset}: the file must be UTF-8 encoded (re-save it as UTF-8)`,
        },
      ]);
    }
  });
});
