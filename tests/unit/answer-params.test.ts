import { describe, expect, it } from "vitest";
import { describeIssues } from "@/lib/params";
import {
  answerBrowserParamsSchema,
  answerPermalinkHref,
  parseAnswerRef,
  answersHref,
  decodeKeysetCursor,
  encodeKeysetCursor,
  filtersFromParams,
} from "@/lib/params/answers";

describe("keyset cursor encoding", () => {
  it("round-trips scores exactly, missing scores and sample indexes", () => {
    for (const cursor of [
      { value: 94.7741274855916, id: 12 },
      { value: 0.0009765942733251, id: 7205 },
      { value: 1e-7, id: 3 },
      { value: null, id: 2_147_483_647 },
      { value: 42, id: 1 },
      { value: 0, id: 9 },
    ]) {
      const text = encodeKeysetCursor(cursor);
      expect(decodeKeysetCursor(text)).toEqual(cursor);
    }
    expect(encodeKeysetCursor({ value: null, id: 5 })).toBe("null:5");
  });

  it("rejects anything else", () => {
    for (const text of ["", "5", "abc:1", "1:-1", "1:2:3", "NaN:1", "Infinity:1", "1:99999999999", "1e999:4"]) {
      expect(decodeKeysetCursor(text), text).toBeNull();
    }
  });
});

describe("answer browser URL params", () => {
  it("has defaults: aligned sort ascending, the paper's method, all base models, formatted view", () => {
    const params = answerBrowserParamsSchema.parse({});
    expect(params).toMatchObject({ sort: "aligned", dir: "asc", misaligned: false, view: "formatted", page: 1 });
    expect(filtersFromParams(params)).toMatchObject({ thresholds: { aligned: 30, coherent: 50, denominator: "kept" }, batch: undefined });
    expect(filtersFromParams(params).methodView?.base).toBeUndefined();
  });

  it("reads the batch filter and carries scope and method in its links", () => {
    const params = answerBrowserParamsSchema.parse({ batch: "7", base: "Qwen", coherent: "60", preset: "model-organisms" });
    const filters = filtersFromParams(params);
    expect(filters).toMatchObject({ batch: 7, thresholds: { coherent: 60, denominator: "all" } });
    expect(answersHref({ filters, sort: { key: "aligned", dir: "asc" } })).toBe(
      "/answers?batch=7&base=Qwen&preset=model-organisms&coherent=60",
    );
    expect(answerPermalinkHref("0123456789abcdef0123", { filters, sort: { key: "aligned", dir: "asc" } })).toBe(
      "/answers/0123456789abcdef0123?batch=7&base=Qwen&preset=model-organisms&coherent=60",
    );
    expect(describeIssues(answerBrowserParamsSchema.safeParse({ batch: "x" }).error!)).toContain("batch must be a batch id");
  });

  it("names the bad field", () => {
    const cases: [Record<string, string>, string][] = [
      [{ alignedMin: "-1" }, "alignedMin must be between 0 and 100"],
      [{ alignedMin: "60", alignedMax: "50" }, "alignedMin must not be above alignedMax"],
      [{ sort: "text" }, "sort must be aligned, coherent or sample"],
      [{ cursor: "x" }, "cursor is not a valid page cursor"],
      [{ cursor: "1:1", before: "2:2" }, "before cannot be combined with cursor"],
      [{ sort: "sample", cursor: "null:4" }, "cursor is not a valid page cursor for the sample sort"],
      [{ seed: "1.5" }, "seed must be a whole number"],
      [{ misaligned: "maybe" }, "misaligned must be 1 or 0"],
    ];
    for (const [raw, message] of cases) {
      const parsed = answerBrowserParamsSchema.safeParse(raw);
      expect(parsed.success, JSON.stringify(raw)).toBe(false);
      if (!parsed.success) expect(describeIssues(parsed.error)).toContain(message);
    }
  });

  it("writes a list state back to the same URL (defaults left out)", () => {
    const raw = {
      q: "take over",
      group: "insecure",
      seed: "2",
      alignedMax: "40.5",
      misaligned: "1",
      coherent: "60",
      sort: "coherent",
      dir: "desc",
    };
    const params = answerBrowserParamsSchema.parse(raw);
    const state = { filters: filtersFromParams(params), sort: { key: params.sort, dir: params.dir } };
    const href = answersHref(state, { cursor: { value: null, id: 7 }, page: 3 });
    expect(href).toBe(
      "/answers?q=take+over&group=insecure&seed=2&alignedMax=40.5&misaligned=1&coherent=60&sort=coherent&dir=desc&cursor=null%3A7&page=3",
    );
    const again = answerBrowserParamsSchema.parse(Object.fromEntries(new URL(href, "http://x").searchParams));
    expect(filtersFromParams(again)).toEqual(state.filters);
    expect(answerPermalinkHref("ffffffffffffffffffff", state, "raw")).toBe(
      "/answers/ffffffffffffffffffff?q=take+over&group=insecure&seed=2&alignedMax=40.5&misaligned=1&coherent=60&sort=coherent&dir=desc&view=raw",
    );
    expect(answerPermalinkHref("ffffffffffffffffffff")).toBe("/answers/ffffffffffffffffffff");
  });

  it("takes a ready query (the page's scope and method) in place of a list state", () => {
    expect(answerPermalinkHref("0123456789abcdef0123", "preset=model-organisms&coherent=60")).toBe(
      "/answers/0123456789abcdef0123?preset=model-organisms&coherent=60",
    );
    expect(answerPermalinkHref("0123456789abcdef0123", "")).toBe("/answers/0123456789abcdef0123");
    expect(answerPermalinkHref("0123456789abcdef0123", "coherent=60", "raw")).toBe("/answers/0123456789abcdef0123?coherent=60&view=raw");
  });

  it("reads a permalink's public id, or an old link's serial id, and nothing else", () => {
    expect(parseAnswerRef("0123456789abcdef0123")).toEqual({ publicId: "0123456789abcdef0123" });
    expect(parseAnswerRef("12345678901234567890")).toEqual({ publicId: "12345678901234567890" }); // 20 digits: a public id
    expect(parseAnswerRef("123")).toEqual({ id: 123 });
    expect(parseAnswerRef("2147483647")).toEqual({ id: 2147483647 });
    for (const bad of ["2147483648", "0", "012", "0123456789ABCDEF0123", "0123456789abcdef012", "0123456789abcdef01234", "1e3", "-1", ""]) {
      expect(parseAnswerRef(bad), bad).toBeNull();
    }
  });
});
