import { describe, expect, it } from "vitest";
import { benchAnswers, benchShape } from "@/scripts/bench/lib/generate";

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
});
