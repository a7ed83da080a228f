// Sums the JSON reports of vitest and Playwright into one closing line: "N passed, N failed", after
// a table of the layers of `npm test` (scripts/test-all.sh): layer, tests, seconds.
//   node scripts/test-summary.mjs [--layers FILE] [--table-only] REPORT.json...
// FILE has one line per layer: name <TAB> seconds <TAB> its runner's JSON report (or nothing).
// --table-only prints the table and nothing else (after a failure, when reports may be missing).
import fs from "node:fs";

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args.splice(at, 2)[1];
};
const flag = (name) => {
  const at = args.indexOf(name);
  if (at !== -1) args.splice(at, 1);
  return at !== -1;
};
const layersFile = option("--layers");
const tableOnly = flag("--table-only");

/** passed / failed / skipped of one report, or null when the runner wrote none (it did not get that far). */
function countsOf(file) {
  if (!file || !fs.existsSync(file)) return null;
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  if (report.stats && "expected" in report.stats) {
    // Playwright: expected = passed, unexpected = failed, flaky = passed on retry
    return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped };
  }
  // vitest (Jest-compatible JSON)
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + (report.numTodoTests ?? 0) };
}

if (layersFile) {
  const layers = fs
    .readFileSync(layersFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [name, seconds, report] = line.split("\t");
      const counts = countsOf(report);
      return { name, seconds: Number(seconds), tests: counts ? String(counts.passed + counts.failed + counts.skipped) : "-" };
    });
  const width = Math.max(5, ...layers.map((layer) => layer.name.length));
  const row = (name, tests, seconds) => `${name.padEnd(width)}  ${String(tests).padStart(6)}  ${String(seconds).padStart(7)}`;
  console.log(row("layer", "tests", "seconds"));
  for (const layer of layers) console.log(row(layer.name, layer.tests, layer.seconds));
  console.log(
    row(
      "total",
      "",
      layers.reduce((sum, layer) => sum + layer.seconds, 0),
    ),
  );
}
if (tableOnly) process.exit(0);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of args) {
  const counts = countsOf(file);
  if (!counts) throw new Error(`no test report at ${file}`);
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
