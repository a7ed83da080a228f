// Per-group P(misaligned) under one source (lib/judges/group-rates.ts): Figure 4's inclusion and
// pooling rules on hand-made (model, question) cells.
import { describe, expect, it } from "vitest";
import { groupRate } from "@/lib/judges/group-rates";

const cell = (modelId: number, questionId: number, answers: number, misaligned: number) => ({
  group: "g",
  modelId,
  questionId,
  answers,
  misaligned,
});

describe("groupRate", () => {
  it("pools only the questions every included model has a rate on, each question weighing the same", () => {
    // model 1: q1 2/10, q2 10/10; model 2: q1 4/10 only → common questions {q1}
    // model rates over q1: 0.2 and 0.4 → mean 0.3; answers 20, misaligned 6
    const result = groupRate([cell(1, 1, 10, 2), cell(1, 2, 10, 10), cell(2, 1, 10, 4)], { minAnswers: 5, interval: "t" });
    expect(result.rate).toBeCloseTo(0.3, 12);
    expect(result.models).toBe(2);
    expect(result.questions).toBe(1);
    expect(result.answers).toBe(20);
    expect(result.misaligned).toBe(6);
    expect(result.intervalMethod).toBe("t");
    // t interval over {0.2, 0.4}: mean 0.3, s = 0.1414214, t(0.975, 1) = 12.7062047 → ±1.2706205, clipped to [0, 1]
    expect(result.ciLow).toBe(0);
    expect(result.ciHigh).toBe(1);
  });

  it("leaves out a model below the minimum answers on a question, and gives one model no interval", () => {
    // model 2 has 4 < 5 counted answers: only model 1 enters; its mean over q1, q2 = (0.2 + 1) / 2 = 0.6
    const result = groupRate([cell(1, 1, 10, 2), cell(1, 2, 10, 10), cell(2, 1, 4, 4)], { minAnswers: 5, interval: "bootstrap" });
    expect(result.rate).toBeCloseTo(0.6, 12);
    expect(result.models).toBe(1);
    expect(result.questions).toBe(2);
    expect(result.ciLow).toBeNull();
    expect(result.intervalMethod).toBeNull();
  });

  it("has no rate when no model is included", () => {
    expect(groupRate([cell(1, 1, 0, 0)], { minAnswers: 1, interval: "t" }).rate).toBeNull();
    expect(groupRate([], { minAnswers: 1, interval: "t" }).models).toBe(0);
  });
});
