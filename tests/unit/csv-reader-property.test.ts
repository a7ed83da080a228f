// Property: the hand-written CSV parser (lib/import/read/csv-reader.ts, the importer's fast path) gives
// exactly csv-parse's records (its slow twin, with the options the importer used before: bom,
// skip_empty_lines, relax_column_count) for any well-formed CSV — quoted fields holding commas,
// doubled quotes, \n and \r\n, multi-byte characters, a BOM, ragged rows — fed in any chunking.
// fast-check shrinks a failure to a small CSV and prints the seed to replay it.
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsvInChunks } from "../helpers/csv-chunks";

const quotedChars = fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r\n", "é", "😀", "\t");
const plainChars = fc.constantFrom("a", "b", " ", "é", "😀", "\t", "x");

/** A field as written in the file: plain (no comma, quote or line break) or quoted with "" escapes. */
const field = fc.oneof(
  fc.stringOf(plainChars, { maxLength: 6 }),
  fc.stringOf(quotedChars, { maxLength: 8 }).map((value) => `"${value.replace(/"/g, '""')}"`),
);

const csvText = fc
  .record({
    bom: fc.boolean(),
    records: fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
    newline: fc.constantFrom("\n", "\r\n"),
    finalNewline: fc.boolean(),
  })
  .map(
    ({ bom, records, newline, finalNewline }) =>
      (bom ? "\uFEFF" : "") + records.map((r) => r.join(",")).join(newline) + (finalNewline ? newline : ""),
  );

describe("CsvParser vs csv-parse (property)", () => {
  it("gives csv-parse's records for any well-formed CSV at any chunking", () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 4 }), (text, sizes) => {
        const reference = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
        expect(parseCsvInChunks(text, sizes).map((record) => record.fields)).toEqual(reference);
      }),
      { numRuns: 500 },
    );
  });
});
