// Feeds a CSV text to CsvParser in chunks of the given sizes (cycled), draining records after each
// chunk and after end(): how the importer reads a file, at any chunk boundary.
import { CsvParser } from "@/lib/import/read/csv-reader";

export function parseCsvInChunks(text: string, sizes: number[]): { fields: string[]; line: number }[] {
  const parser = new CsvParser();
  const out: { fields: string[]; line: number }[] = [];
  const drain = () => {
    for (let record = parser.next(); record; record = parser.next()) out.push({ fields: record.fields, line: record.line });
  };
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length];
    parser.feed(text.slice(at, at + size));
    at += size;
    drain();
  }
  parser.end();
  parser.feed("");
  drain();
  return out;
}
