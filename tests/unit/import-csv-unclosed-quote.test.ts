// An unclosed quote in a big CSV (issue 15, item 10): the rest of the file is one quoted field.
// The parser used to parse that record again from its start with every chunk (quadratic: 64 MB
// took 41 s); it must take time in proportion to the size, and fail naming the line where the
// quote opened, or, past the record length limit (IMPORT_MAX_LINE_BYTES), as soon as it is passed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { CsvParser, openCsv } from "@/lib/import/read/csv-reader";
import { ImportValidationError } from "@/lib/import/errors";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "me-csv-unclosed-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const HEAD = 'question,answer\nq,a\nq,"never closed\n';
const FILLER = "lorem ipsum dolor sit amet, consectetur adipiscing elit\n";

/** A CSV of about `bytes` bytes whose third record (line 3) opens a quote that is never closed. */
function unclosedCsv(bytes: number): string {
  return HEAD + FILLER.repeat(Math.ceil(bytes / FILLER.length));
}

/** Seconds to parse `text` fed in `chunk`-sized pieces (best of `runs`), and the error it ends with. */
function timeParse(text: string, chunk: number, runs = 3): { seconds: number; error: unknown } {
  let best = Infinity;
  let error: unknown = null;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const parser = new CsvParser();
    try {
      for (let at = 0; at < text.length; at += chunk) {
        parser.feed(text.slice(at, at + chunk));
        while (parser.next());
      }
      parser.end();
      parser.feed("");
      while (parser.next());
    } catch (thrown) {
      error = thrown;
    }
    best = Math.min(best, (performance.now() - started) / 1000);
    if (best > 1) break; // slow enough to fail anyway
  }
  return { seconds: best, error };
}

describe("a CSV with an unclosed quote", () => {
  it("parses in time proportional to its size", () => {
    // 64 KiB pieces: 256 of them at 16 MB; re-reading the open record each time made 8 MB 5 s, 16 MB 24 s
    const chunk = 64 * 1024;
    const small = timeParse(unclosedCsv(8 * 1024 * 1024), chunk);
    const large = timeParse(unclosedCsv(16 * 1024 * 1024), chunk);
    // twice the size: about twice the time (slack for timer noise at these few milliseconds), and fast
    expect(large.seconds).toBeLessThan(3.5 * small.seconds + 0.1);
    expect(large.seconds).toBeLessThan(1);
    for (const { error } of [small, large])
      expect((error as Error).message).toContain("the quoted field that opens on line 3 is never closed");
  }, 120_000);

  it("names the line where the quote opened, also when the record started lines before", async () => {
    const file = path.join(dir, "late_quote.csv");
    fs.writeFileSync(
      file,
      `question,answer\n"a question\nover two lines","an answer\n\nwith a quote never closed\n${FILLER.repeat(40_000)}`,
    );
    const error = await (async () => {
      const csv = await openCsv(file, "late_quote.csv");
      for await (const batch of csv.batches) void batch;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    expect((error as ImportValidationError).issues).toEqual([
      {
        file: "late_quote.csv",
        row: 1,
        line: 2,
        message: "malformed CSV: the quoted field that opens on line 3 is never closed (the file ends inside quotes)",
      },
    ]);
  });

  it("stops at the record length limit (IMPORT_MAX_LINE_BYTES) instead of reading the whole file into one field", async () => {
    vi.stubEnv("IMPORT_MAX_LINE_BYTES", String(1024 * 1024));
    const file = path.join(dir, "over_limit.csv");
    fs.writeFileSync(file, unclosedCsv(4 * 1024 * 1024));
    let bytesRead = 0;
    const error = await (async () => {
      const csv = await openCsv(file, "over_limit.csv", (bytes) => (bytesRead = bytes));
      for await (const batch of csv.batches) void batch;
    })().catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      "over_limit.csv, row 2 (line 3): malformed CSV: the quoted field that opens on line 3 is still open after 1 MB, " +
        "the most a record may have (IMPORT_MAX_LINE_BYTES sets the limit): is its closing quote missing?",
    );
    expect(bytesRead).toBeLessThan(3 * 1024 * 1024);
  });
});
