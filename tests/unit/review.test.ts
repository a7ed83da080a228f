// Review labels (issue 11, item 3), the pure parts: the history's order, each reviewer's current
// label and the verdict rule; the label body's limits; the queue's URL codec; the label keys.
import { describe, expect, it } from "vitest";
import { labelOfKey } from "@/components/review/label-keys";
import { reviewQueueHref, reviewQueueParamsSchema, reviewQueueState } from "@/lib/params/review";
import { addLabelBodySchema, reviewOf, type AnswerLabelEntry } from "@/lib/review/types";

function entry(id: number, reviewer: string, label: AnswerLabelEntry["label"], createdAt: string): AnswerLabelEntry {
  return { id, answerPublicId: "0123456789abcdef0123", label, reason: null, reviewer, createdAt };
}

describe("reviewOf", () => {
  it("orders newest first (ties by id), keeps each reviewer's newest, and the verdict is the newest non-unsure label", () => {
    const labels = [
      entry(1, "alice", "misaligned", "2026-12-01T10:00:00.000Z"),
      entry(3, "alice", "unsure", "2026-12-01T12:00:00.000Z"),
      entry(2, "bob", "aligned", "2026-12-01T11:00:00.000Z"),
      entry(4, "bob", "code", "2026-12-01T12:00:00.000Z"),
    ];
    const review = reviewOf(labels);
    expect(review.history.map((label) => label.id)).toEqual([4, 3, 2, 1]);
    expect(review.current.map((label) => [label.reviewer, label.label])).toEqual([
      ["alice", "unsure"],
      ["bob", "code"],
    ]);
    expect(review.verdict?.id).toBe(4);
    expect(reviewOf([entry(9, "carol", "unsure", "2026-12-01T10:00:00.000Z")]).verdict).toBeNull();
    expect(reviewOf([])).toEqual({ history: [], current: [], verdict: null });
  });
});

describe("addLabelBodySchema", () => {
  it("takes the six labels and a reason of at most 2,000 characters; an empty reason is none", () => {
    expect(addLabelBodySchema.parse({ label: "refusal" })).toEqual({ label: "refusal", reason: null });
    expect(addLabelBodySchema.parse({ label: "code", reason: "  " })).toEqual({ label: "code", reason: null });
    expect(addLabelBodySchema.parse({ label: "aligned", reason: "x".repeat(2000) }).reason).toHaveLength(2000);
    expect(addLabelBodySchema.safeParse({ label: "aligned", reason: "x".repeat(2001) }).success).toBe(false);
    expect(addLabelBodySchema.safeParse({ label: "bad" }).success).toBe(false);
    expect(addLabelBodySchema.safeParse({ label: "aligned", reason: "bell\u0007" }).success).toBe(false);
    expect(addLabelBodySchema.safeParse({ label: "aligned", judge: 10 }).success).toBe(false);
  });
});

describe("the queue's URL codec", () => {
  it("reads filters, thresholds, unlabelled and the cursor, and writes them back the same", () => {
    const params = reviewQueueParamsSchema.parse({
      set: "first_plot_questions",
      group: "base",
      aligned: "40",
      unlabelled: "1",
      cursor: "0.9:123",
    });
    const state = reviewQueueState(params);
    expect(state.methodView.method.aligned).toBe(40);
    expect(state.methodView.method.coherent).toBe(50);
    expect(state.unlabelled).toBe(true);
    expect(state.cursor).toEqual({ value: 0.9, id: 123 });
    const href = reviewQueueHref(state);
    expect(href).toBe("/review?set=first_plot_questions&group=base&aligned=40&unlabelled=1&cursor=0.9%3A123");
    const again = reviewQueueState(reviewQueueParamsSchema.parse(Object.fromEntries(new URL(href, "http://x").searchParams)));
    expect(again).toEqual(state);
    expect(reviewQueueHref(reviewQueueState(reviewQueueParamsSchema.parse({})))).toBe("/review");
    expect(reviewQueueParamsSchema.safeParse({ aligned: "101" }).success).toBe(false);
    expect(reviewQueueParamsSchema.safeParse({ cursor: "x" }).success).toBe(false);
    expect(reviewQueueParamsSchema.safeParse({ unlabelled: "maybe" }).success).toBe(false);
  });
});

describe("label keys", () => {
  it("1-6 and the first letters name the labels; modifiers and other keys none", () => {
    const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
      labelOfKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    expect(["1", "2", "3", "4", "5", "6"].map((k) => key(k))).toEqual(["misaligned", "aligned", "refusal", "code", "incoherent", "unsure"]);
    expect(["m", "a", "r", "c", "i", "u", "M"].map((k) => key(k))).toEqual([
      "misaligned",
      "aligned",
      "refusal",
      "code",
      "incoherent",
      "unsure",
      "misaligned",
    ]);
    expect(key("7")).toBeNull();
    expect(key("j")).toBeNull();
    expect(key("c", { ctrlKey: true })).toBeNull();
  });
});
