// `npx tsx scripts/bench/cpuprofile-summary.ts FILE.cpuprofile [TOP]`
// Self time per function (name, file:line) from a V8 .cpuprofile (node --cpu-prof), highest first.
import fs from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: cpuprofile-summary.ts FILE.cpuprofile [TOP]");
  process.exit(1);
}
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  const frame = byId.get(id)!.callFrame;
  const where = frame.url ? `${path.basename(frame.url.replace(/^file:\/\//, ""))}:${frame.lineNumber + 1}` : "";
  const key = `${frame.functionName || "(anonymous)"} ${where}`.trim();
  selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
  total += delta;
});
const rows = [...selfMicros.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 30));
console.log(`total sampled: ${(total / 1e6).toFixed(2)} s`);
for (const [key, micros] of rows) {
  console.log(`${(micros / 1e3).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`);
}
