// `tsx --conditions=react-server scripts/bench/judge-sources.ts [--set S] [--runs R] [--readers N]` against
// DATABASE_URL: times listAvailableSources (lib/queries/agreement.ts), the judges and labels a
// question set's /judges page offers, which runs uncached for the first reader after every data
// version change (resolveJudgesView is cached per data version). Prints the median and max of R
// sequential calls, then of N readers at once through one client (the app's pool of 10
// connections), as many readers arrive after an import.
import "@/scripts/bench/lib/no-view-cache";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createPrisma, databaseUrl } from "@/lib/db/client";
import { int4, queryRows } from "@/lib/db/rows";
import { Prisma } from "@/lib/generated/prisma/client";
import { formatMs, summarize } from "@/scripts/bench/lib/harness";
import { listAvailableSources } from "@/lib/queries/agreement";

const { values } = parseArgs({ options: { set: { type: "string" }, runs: { type: "string" }, readers: { type: "string" } } });
const setName = values.set ?? "bench_questions";
const runs = Number(values.runs ?? 10);
const readers = Number(values.readers ?? 16);

async function main() {
  const prisma = createPrisma(databaseUrl());
  try {
    const [set] = await queryRows(
      prisma,
      "bench set",
      z.strictObject({ id: int4 }),
      Prisma.sql`SELECT id FROM question_set WHERE name = ${setName}`,
    );
    if (!set) throw new Error(`no question set "${setName}"`);
    const timed = async () => {
      const started = performance.now();
      const sources = await listAvailableSources(prisma, set.id);
      return { ms: performance.now() - started, sources };
    };
    const first = await timed();
    console.log(`set ${setName}: ${JSON.stringify(first.sources)}`);
    console.log(`first call: ${formatMs(first.ms)}`);
    const sequential: number[] = [];
    for (let run = 0; run < runs; run++) sequential.push((await timed()).ms);
    const s = summarize(sequential);
    console.log(`sequential, ${runs} runs: median ${formatMs(s.median)}, max ${formatMs(s.max)}`);
    const started = performance.now();
    const concurrent = await Promise.all(Array.from({ length: readers }, timed));
    const c = summarize(concurrent.map((result) => result.ms));
    console.log(
      `${readers} readers at once: median ${formatMs(c.median)}, max ${formatMs(c.max)}, all done in ${formatMs(performance.now() - started)}`,
    );
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
