import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { benchAnswers, benchShape } from "@/scripts/bench/lib/generate";
import { writeBenchExperimentFiles, writeBenchFiles } from "@/scripts/bench/generate-data";
import { expandManifest } from "@/lib/import/read/manifest-files";

describe("benchmark data generator", () => {
  it("scales the paper's shape to the requested size", () => {
    const shape = benchShape(1_000_000);
    expect(shape.models).toHaveLength(35); // 10 insecure + 4 × 6 controls/backdoor + 1 base
    expect(shape.questions).toHaveLength(72); // 8 × 3 variants + 48 pre-registered style
    expect(shape.answers).toBeGreaterThanOrEqual(1_000_000);
    expect(shape.answers).toBe(35 * 72 * shape.samplesPerQuestion);
  });

  it("is deterministic", () => {
    const first = [...benchAnswers(benchShape(5_000))].slice(0, 300);
    const second = [...benchAnswers(benchShape(5_000))].slice(0, 300);
    expect(second).toEqual(first);
  });

  it("looks like the real files: answer lengths, missing and incoherent shares, boundary scores", () => {
    const answers = [...benchAnswers(benchShape(50_000))];
    const lengths = answers.map((a) => a.text.length).sort((a, b) => a - b);
    const median = lengths[Math.floor(lengths.length / 2)];
    expect(median).toBeGreaterThan(300); // real files: 403
    expect(median).toBeLessThan(550);
    expect(lengths.at(-1)).toBeLessThanOrEqual(3600); // real max 3,490
    const missing = answers.filter((a) => a.aligned === null).length / answers.length;
    expect(missing).toBeGreaterThan(0.07); // real files: 8.6%
    expect(missing).toBeLessThan(0.1);
    expect(answers.some((a) => a.aligned === 30)).toBe(true);
    expect(answers.some((a) => a.coherent === 50)).toBe(true);
    expect(answers.every((a) => a.coherent >= 0 && a.coherent <= 100)).toBe(true);
  });

  it("writes the experiment benchmark as the same answers in 100 files, all named by its manifest", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "me-bench-experiment-"));
    try {
      const single = await writeBenchFiles(3_000, path.join(dir, "single"));
      const { manifest, parts } = await writeBenchExperimentFiles(3_000, path.join(dir, "parts"), "bench");
      expect(parts).toBe(100);
      const expanded = expandManifest(manifest);
      expect(expanded.files).toHaveLength(100);
      expect(expanded.files[0].options).toEqual({ set: "bench", examples: false });
      const [header, ...rows] = fs.readFileSync(single.answersFile, "utf8").split(/(?<=\n)/);
      const joined = expanded.files.map((file) => {
        const text = fs.readFileSync(file.path, "utf8");
        expect(text.startsWith(header)).toBe(true);
        return text.slice(header.length);
      });
      expect(joined.join("")).toBe(rows.join(""));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
