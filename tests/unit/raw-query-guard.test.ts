// Every raw-SQL read parses its rows with a schema (lib/db/rows.ts: queryRows, queryRow) except the
// files listed in raw-query-allow-list.txt, whose counts may only go down. `$executeRaw` (no rows)
// is not counted.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SCANNED = ["lib", "app", "components", "scripts"];
/** the generated client defines $queryRaw; rows.ts is the one place that calls it for everyone */
const EXEMPT = new Set(["lib/db/rows.ts"]);
const EXEMPT_DIRS = ["lib/generated/"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return EXEMPT_DIRS.some((exempt) => `${relative}/`.startsWith(exempt)) ? [] : sourceFiles(relative);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [relative] : [];
  });
}

/** `$queryRaw` and `$queryRawUnsafe` calls in one file. */
function rawQueriesIn(file: string): number {
  return fs.readFileSync(path.join(ROOT, file), "utf8").match(/\$queryRaw(Unsafe)?\b/g)?.length ?? 0;
}

/** Files with bare raw queries, and how many. */
function rawQueryCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of SCANNED.flatMap(sourceFiles)) {
    const found = EXEMPT.has(file) ? 0 : rawQueriesIn(file);
    if (found > 0) counts.set(file, found);
  }
  return counts;
}

function allowList(): Map<string, number> {
  const text = fs.readFileSync(path.join(import.meta.dirname, "raw-query-allow-list.txt"), "utf8");
  return new Map(
    text
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"))
      .map((line) => {
        const [count, file] = line.trim().split(/\s+/);
        return [file, Number(count)] as const;
      }),
  );
}

describe("raw SQL reads parse their rows", () => {
  it("no file holds more bare $queryRaw calls than raw-query-allow-list.txt allows, and none fewer (lower the number)", () => {
    const counts = rawQueryCounts();
    const allowed = allowList();
    const problems: string[] = [];
    for (const [file, count] of counts) {
      const limit = allowed.get(file) ?? 0;
      if (count > limit)
        problems.push(
          `${file}: ${count} bare $queryRaw calls, ${limit} allowed — use queryRows/queryRow with a row schema (lib/db/rows.ts)`,
        );
    }
    for (const [file, limit] of allowed) {
      const count = counts.get(file) ?? 0;
      if (count < limit) problems.push(`${file}: ${count} bare $queryRaw calls, the list allows ${limit} — lower it to ${count}`);
    }
    expect(problems).toEqual([]);
  });

  it("finds the calls it guards against (rows.ts, exempt, calls $queryRaw for everyone)", () => {
    expect(rawQueriesIn("lib/db/rows.ts")).toBeGreaterThan(0);
    expect(SCANNED.flatMap(sourceFiles)).toContain("lib/db/rows.ts");
  });
});
