// The pieces of the fast import path that must be exact: the hand-written CSV parser (same
// records whatever the chunking, against csv-parse) and the COPY text format encoding.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { answerCopyLine, copyText } from "@/lib/import/write/answer-sink";
import { CsvParser } from "@/lib/import/read/csv-reader";

function parseInChunks(text: string, chunkSize: number): { fields: string[]; line: number }[] {
  const parser = new CsvParser();
  const out: { fields: string[]; line: number }[] = [];
  const drain = () => {
    for (let record = parser.next(); record; record = parser.next()) out.push(record);
  };
  for (let i = 0; i < text.length; i += chunkSize) {
    parser.feed(text.slice(i, i + chunkSize));
    drain();
  }
  parser.end();
  parser.feed("");
  drain();
  return out;
}

const TRICKY =
  "\uFEFFmodel,answer,aligned\n" +
  'm1,"multi\nline, with ""quotes"" and, commas",12.5\n' +
  "\n" +
  'm2,"",\n' +
  "m3,plain text with spaces ,1e-05\n" +
  '"m,4","ends with quote """,100\n' +
  "m5,no final newline,0";

describe("CsvParser", () => {
  it("gives csv-parse's records and each record's start line for every chunk size", () => {
    // Windows line ends (\r\n) too; a \r\n inside quotes stays in the value
    for (const text of [TRICKY, TRICKY.replace(/\n/g, "\r\n")]) {
      const expected = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
      for (const size of [1, 2, 3, 5, 7, 16, 1000]) {
        const records = parseInChunks(text, size);
        expect(
          records.map((r) => r.fields),
          `chunk size ${size}`,
        ).toEqual(expected);
        expect(
          records.map((r) => r.line),
          `chunk size ${size}`,
        ).toEqual([1, 2, 5, 6, 7, 8]);
      }
    }
  });

  it("rejects an unclosed quote and a stray quote, naming the record's start line", () => {
    expect(() => parseInChunks('a,b\n1,"open\nstill open', 4)).toThrow("never closed");
    const stray = () => parseInChunks('a,b\n\n1,x"y\n', 3);
    expect(stray).toThrow("a quote inside an unquoted field");
    try {
      stray();
    } catch (error) {
      expect((error as { line: number }).line).toBe(3);
    }
    expect(() => parseInChunks('a,"b"c\n', 2)).toThrow("closing quote");
  });
});

describe("COPY text format", () => {
  it("escapes backslash, tab, newline and carriage return, and writes NULL as \\N", () => {
    expect(copyText(null)).toBe("\\N");
    expect(copyText("\\N")).toBe("\\\\N"); // the text "\N" is not NULL
    expect(copyText("a\tb\nc\r\nd\\e")).toBe("a\\tb\\nc\\r\\nd\\\\e");
    expect(copyText('plain, "quoted" <script>')).toBe('plain, "quoted" <script>');
  });

  it("writes floats as their shortest exact text", () => {
    const line = answerCopyLine(7, {
      modelId: 1,
      questionId: 2,
      sampleIndex: 3,
      prompt: "q?",
      text: "line 1\nline 2",
      aligned: 50.138259260532024,
      coherent: null,
      publicId: "0123456789abcdef0123",
    });
    expect(line).toBe("1\t2\t7\t3\tq?\tline 1\\nline 2\t50.138259260532024\t\\N\tf\t\\N\t0123456789abcdef0123\n");
    const ulpAbove30 = 30 + 2 ** -48;
    expect(
      Number(
        answerCopyLine(1, {
          modelId: 1,
          questionId: 1,
          sampleIndex: 0,
          prompt: "",
          text: "",
          aligned: ulpAbove30,
          coherent: 0,
          publicId: "p",
        }).split("\t")[6],
      ),
    ).toBe(ulpAbove30);
  });

  it("ends each line with the example flag (t for an examples batch, f otherwise), the source ref (\\N when none) and the public id", () => {
    const row = { modelId: 1, questionId: 2, sampleIndex: 0, prompt: "p", text: "t", aligned: 10, coherent: 90, publicId: "ab12" };
    expect(answerCopyLine(3, row, true)).toBe("1\t2\t3\t0\tp\tt\t10\t90\tt\t\\N\tab12\n");
    expect(answerCopyLine(3, row, false).endsWith("\tf\t\\N\tab12\n")).toBe(true);
    expect(answerCopyLine(3, row)).toBe(answerCopyLine(3, row, false));
    expect(answerCopyLine(3, { ...row, sourceRef: "a\tb" }).endsWith("\tf\ta\\tb\tab12\n")).toBe(true);
  });
});
