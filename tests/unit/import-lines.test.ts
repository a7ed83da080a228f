// The JSONL line reader (lib/import/read/lines.ts) against node:readline, which it replaced: the same
// lines for any text and any chunking (\n, \r\n, a lone \r, a \r\n split between chunks, no final
// line end), and a line over the cap reported with its number and length, without being kept.
import readline from "node:readline";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxLineBytes, readLines, DEFAULT_MAX_LINE_BYTES, type FileLine } from "@/lib/import/read/lines";

async function viaReadline(text: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readline.createInterface({ input: Readable.from([Buffer.from(text)]), crlfDelay: Infinity })) lines.push(line);
  return lines;
}

async function viaReadLines(chunks: Buffer[], maxBytes = 1 << 20): Promise<FileLine[]> {
  const lines: FileLine[] = [];
  async function* stream() {
    yield* chunks;
  }
  for await (const line of readLines(stream(), maxBytes)) lines.push(line);
  return lines;
}

/** `bytes` cut at the given offsets. */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}

describe("readLines", () => {
  it("finds the lines readline finds, however the bytes are chunked", async () => {
    const piece = fc.constantFrom("a", "{}", "é", "😀", "\n", "\r\n", "\r", " ", '"x"');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 8 }), async (pieces, cuts) => {
        const text = pieces.join("");
        const lines = await viaReadLines(chunked(Buffer.from(text), cuts));
        expect(lines.map((line) => line.text)).toEqual(await viaReadline(text));
        expect(lines.map((line) => line.line)).toEqual(lines.map((_, i) => i + 1));
      }),
      { numRuns: 500 },
    );
  });

  it("reports a line over the cap with its number and length, and reads on after it", async () => {
    const text = `short\n${"x".repeat(100)}\r\nafter\n`;
    const lines = await viaReadLines(chunked(Buffer.from(text), [3, 20, 50, 104, 107]), 64);
    expect(lines).toEqual([
      { line: 1, text: "short" },
      { line: 2, tooLong: true, bytes: 100 },
      { line: 3, text: "after" },
    ]);
  });

  it("takes the cap from IMPORT_MAX_LINE_BYTES, 64 MiB by default", () => {
    expect(DEFAULT_MAX_LINE_BYTES).toBe(64 * 1024 * 1024);
    expect(maxLineBytes({})).toBe(DEFAULT_MAX_LINE_BYTES);
    expect(maxLineBytes({ IMPORT_MAX_LINE_BYTES: "1048576" })).toBe(1048576);
    expect(maxLineBytes({ IMPORT_MAX_LINE_BYTES: "lots" })).toBe(DEFAULT_MAX_LINE_BYTES);
  });
});
