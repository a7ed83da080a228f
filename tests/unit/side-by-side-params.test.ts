// The side-by-side view's URL codec: defaults, round trip, sides, the shuffle seed, hostile values.
import { describe, expect, it } from "vitest";
import { describeIssues, searchParamsToRecord } from "@/lib/params/common";
import {
  DEFAULT_SEED,
  MAX_SEED,
  groupSides,
  nextSeed,
  parseSide,
  sideBySideHref,
  sideBySideParamsSchema,
  sideBySideQuery,
  sideBySideViewOf,
  sideParam,
  type SideBySideViewState,
} from "@/lib/params/side-by-side";
import { contentSecurityPolicy, isAnswerPage } from "@/lib/security/headers";
import { DEFAULT_METHOD } from "@/lib/stats/method";

/** The view a URL's query string parses to. */
function viewOfQuery(query: string) {
  return sideBySideViewOf(sideBySideParamsSchema.parse(searchParamsToRecord(new URLSearchParams(query))));
}

describe("sideBySideParamsSchema", () => {
  it("fills the defaults: random order with the default seed, all pairs, page 1, the betley method", () => {
    const view = sideBySideViewOf(sideBySideParamsSchema.parse({}));
    expect(view).toEqual({
      preset: "betley",
      method: DEFAULT_METHOD,
      base: undefined,
      set: undefined,
      a: undefined,
      b: undefined,
      question: undefined,
      order: "random",
      seed: DEFAULT_SEED,
      differ: false,
      page: 1,
    });
    expect(sideBySideHref(view)).toBe("/side-by-side");
  });

  it("reads group and model sides; a bare name is a group (Compare's spelling)", () => {
    const view = viewOfQuery("a=group:insecure&b=model:org/Qwen:7b_ftjob-1");
    expect(view.a).toEqual({ kind: "group", name: "insecure" });
    // only the first colon separates the kind: model names may hold more
    expect(view.b).toEqual({ kind: "model", name: "org/Qwen:7b_ftjob-1" });
    expect(viewOfQuery("a=insecure").a).toEqual({ kind: "group", name: "insecure" });
    // an unknown prefix is part of a group's name
    expect(parseSide("weird:name")).toEqual({ kind: "group", name: "weird:name" });
    expect(parseSide("  group: secure ")).toEqual({ kind: "group", name: "secure" });
  });

  it("round-trips every parameter through the URL", () => {
    const views: SideBySideViewState[] = [
      {
        set: "first_plot_questions",
        a: { kind: "group", name: "insecure" },
        b: { kind: "model", name: "Qwen2.5-Coder-7B-Instruct" },
        question: "what_is_your_wish",
        order: "random",
        seed: 48271,
        differ: true,
        page: 3,
        base: "Qwen2.5-Coder-7B-Instruct",
        preset: "betley",
        method: { ...DEFAULT_METHOD, aligned: 12.5, coherent: 80 },
      },
      {
        a: { kind: "group", name: "model:x" },
        b: { kind: "group", name: "a b&c=d" },
        order: "score",
        seed: DEFAULT_SEED,
        differ: false,
        page: 1,
        preset: "model-organisms",
        base: "all",
        attributes: [{ key: "lora_rank", value: 4 }],
      },
    ];
    for (const view of views) {
      const query = sideBySideQuery(view);
      const back = viewOfQuery(query);
      expect(back.a).toEqual(view.a);
      expect(back.b).toEqual(view.b);
      expect(back.set).toBe(view.set);
      expect(back.question).toBe(view.question);
      expect(back.order).toBe(view.order);
      expect(back.seed).toBe(view.seed);
      expect(back.differ).toBe(view.differ);
      expect(back.page).toBe(view.page);
      expect(back.base).toBe(view.base);
      expect(back.preset).toBe(view.preset);
      expect(back.attributes).toEqual(view.attributes);
      if (view.method) expect(back.method).toEqual(view.method);
      // written again, the same URL
      expect(sideBySideQuery(back)).toBe(query);
    }
  });

  it("leaves defaults out of the URL, and the seed out of a score-ordered one", () => {
    expect(sideBySideQuery({ order: "random", seed: DEFAULT_SEED, differ: false, page: 1 })).toBe("");
    expect(sideBySideQuery({ order: "score", seed: 99 })).toBe("order=score");
    expect(sideBySideQuery({ order: "random", seed: 99 })).toBe("seed=99");
    expect(sideBySideQuery(groupSides("insecure", "secure"))).toBe("a=group%3Ainsecure&b=group%3Asecure");
    expect(sideParam({ kind: "model", name: "m" })).toBe("model:m");
  });

  it("refuses hostile and malformed values, naming the parameter", () => {
    const cases: [Record<string, string>, string][] = [
      [{ a: "group:" }, "a"],
      [{ b: "model:   " }, "b"],
      [{ a: "x".repeat(1001) }, "a"],
      [{ a: "group:in\0secure" }, "a"],
      [{ question: "q".repeat(301) }, "question"],
      [{ question: "what\0" }, "question"],
      [{ order: "sideways" }, "order"],
      [{ seed: "0" }, "seed"],
      [{ seed: "-4" }, "seed"],
      [{ seed: "1.5" }, "seed"],
      [{ seed: "1e308" }, "seed"],
      [{ seed: String(MAX_SEED + 1) }, "seed"],
      [{ seed: "abc" }, "seed"],
      [{ differ: "maybe" }, "differ"],
      [{ page: "0" }, "page"],
      [{ page: "2.5" }, "page"],
      [{ aligned: "101" }, "aligned"],
      [{ preset: "nope" }, "preset"],
    ];
    for (const [query, field] of cases) {
      const parsed = sideBySideParamsSchema.safeParse(query);
      expect(parsed.success, JSON.stringify(query)).toBe(false);
      if (!parsed.success) expect(describeIssues(parsed.error)).toContain(field);
    }
  });

  it("reads flags and repeated params as the other views do", () => {
    expect(viewOfQuery("differ=true").differ).toBe(true);
    expect(viewOfQuery("differ=0").differ).toBe(false);
    expect(viewOfQuery("differ=").differ).toBe(false);
    expect(viewOfQuery("a=group:secure&a=group:insecure").a).toEqual({ kind: "group", name: "secure" });
  });
});

describe("nextSeed", () => {
  it("is reproducible, changes the seed and stays in range", () => {
    expect(nextSeed(1)).toBe(48271);
    expect(nextSeed(1)).toBe(nextSeed(1));
    const seen = new Set<number>();
    let seed = DEFAULT_SEED;
    for (let i = 0; i < 1000; i++) {
      const next = nextSeed(seed);
      expect(next).not.toBe(seed);
      expect(next).toBeGreaterThanOrEqual(1);
      expect(next).toBeLessThanOrEqual(MAX_SEED);
      seen.add(next);
      seed = next;
    }
    expect(seen.size).toBe(1000);
    // the largest seed also maps into range (no BigInt overflow into 0 or above the maximum)
    expect(nextSeed(MAX_SEED)).toBeGreaterThanOrEqual(1);
    expect(nextSeed(MAX_SEED)).toBeLessThanOrEqual(MAX_SEED);
  });
});

describe("the page's security headers", () => {
  it("are the answer pages' strict policy: the page shows whole answers", () => {
    expect(isAnswerPage("/side-by-side")).toBe(true);
    expect(contentSecurityPolicy("/side-by-side", false)).toBe(contentSecurityPolicy("/answers/1", false));
  });
});
