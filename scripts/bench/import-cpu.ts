// `npx tsx --conditions=react-server scripts/bench/import-cpu.ts [--scan] [--format results-csv|eval-csv|jsonl] [--set S] FILE`
//
// Node's CPU per imported row, without PostgreSQL: runs the real answer reader (CSV reader, row
// validation), the real AnswerWriter and the real CopyAnswerSink (COPY-line formatting, chunk
// joining) over FILE, with a stand-in connection that answers the writer's few lookups (every
// model and question is new) and discards the COPY data. Prints rows/s, µs/row (wall) and the
// process's user+system CPU per row. --scan also times the first pass (sha256 + UTF-8 check).
//
// Profile it: node --import tsx --conditions=react-server --cpu-prof --cpu-prof-dir .data/prof scripts/bench/import-cpu.ts FILE
// then: npx tsx scripts/bench/cpuprofile-summary.ts .data/prof/<file>.cpuprofile
import { parseArgs } from "node:util";
import { Writable } from "node:stream";
import type pg from "pg";
import type { AnswerFileReader } from "@/lib/import/read/answer-csv";
import { CopyAnswerSink } from "@/lib/import/write/answer-sink";
import { readEvalCsv } from "@/lib/import/read/eval-csv";
import { readJsonl } from "@/lib/import/read/jsonl";
import { readResultsCsv } from "@/lib/import/read/results-csv";
import { scanFile } from "@/lib/import/read/source";
import type { ImportOptions } from "@/lib/import/types";
import { AnswerWriter } from "@/lib/import/write/write";

/** A pg.Client stand-in: COPY streams discard their data; lookups find nothing, inserts return new ids. */
function discardingConnection(): { db: pg.Client; copiedChars: () => number } {
  let nextId = 1;
  let copied = 0;
  const db = {
    query(text: unknown): unknown {
      if (typeof text !== "string") {
        // a pg-copy-streams CopyFrom: the sink writes to what query() returns
        return new Writable({
          write(chunk: Buffer | string, _encoding, callback) {
            copied += chunk.length;
            callback();
          },
        });
      }
      if (/^\s*INSERT[\s\S]*RETURNING/i.test(text) || /SELECT id FROM (model_group|question_set)/.test(text)) {
        return Promise.resolve({ rows: [{ id: nextId++ }], rowCount: 1 });
      }
      return Promise.resolve({ rows: [], rowCount: 0 });
    },
  };
  return { db: db as unknown as pg.Client, copiedChars: () => copied };
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      scan: { type: "boolean", default: false },
      format: { type: "string", default: "results-csv" },
      set: { type: "string", default: "bench" },
      model: { type: "string" },
      group: { type: "string" },
      seed: { type: "string" },
    },
  });
  const file = positionals[0];
  if (!file) throw new Error("usage: import-cpu.ts [--scan] [--format F] FILE");
  const options: ImportOptions = {
    set: values.set,
    model: values.model,
    group: values.group,
    seed: values.seed === undefined ? undefined : Number(values.seed),
  };

  if (values.scan) {
    const cpu0 = cpuSeconds();
    const t0 = performance.now();
    const scan = await scanFile(file, file);
    const seconds = (performance.now() - t0) / 1000;
    console.log(`scan: ${(scan.bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s wall, ${(cpuSeconds() - cpu0).toFixed(2)} s CPU`);
  }

  const { db, copiedChars } = discardingConnection();
  const sink = new CopyAnswerSink(db, 1);
  const writer = new AnswerWriter(db, 1, options, file, sink);
  const readers = { "results-csv": readResultsCsv, "eval-csv": readEvalCsv, jsonl: readJsonl } as const;
  const read = readers[values.format as keyof typeof readers];
  if (!read) throw new Error(`unknown --format ${values.format}`);

  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const reader: AnswerFileReader = await read(file, file, options);
  let rowsRead = 0;
  let issues = 0;
  // the loop of importAnswerFile (lib/import/index.ts)
  for await (const parsed of reader.rows) {
    rowsRead++;
    const problems = parsed.issues ?? (await writer.add(parsed.record, true));
    if (problems) {
      issues++;
      if (issues <= 5) console.log(problems);
    }
  }
  await sink.finish();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - cpu0;
  const heapMB = process.memoryUsage().rss / 1e6;
  console.log(
    `rows: ${rowsRead} (${issues} with issues), written ${writer.rowsWritten}, COPY text ${(copiedChars() / 1e6).toFixed(0)} M chars\n` +
      `wall: ${seconds.toFixed(2)} s = ${Math.round(rowsRead / seconds)} rows/s = ${((seconds * 1e6) / rowsRead).toFixed(2)} µs/row\n` +
      `cpu (user+sys): ${cpu.toFixed(2)} s = ${((cpu * 1e6) / rowsRead).toFixed(2)} µs/row; rss ${heapMB.toFixed(0)} MB`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
