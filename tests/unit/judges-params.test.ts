// The judge comparison's URL codec (lib/params/judges.ts): sources, filters, the shared method
// params, the default pair, and hostile values (each answered with a message naming the parameter).
import { describe, expect, it } from "vitest";
import { describeIssues } from "@/lib/params/common";
import {
  defaultSourcePair,
  judgesHref,
  judgesParamsSchema,
  judgesViewOf,
  parseSourceParam,
  sourceLabel,
  sourceParam,
} from "@/lib/params/judges";
import { DEFAULT_METHOD } from "@/lib/stats/method";

describe("judgesParamsSchema", () => {
  it("defaults: no sources named, page 1, the default method", () => {
    const params = judgesParamsSchema.parse({});
    expect(params).toEqual({ page: 1 });
    expect(judgesViewOf(params)).toMatchObject({ preset: "betley", method: DEFAULT_METHOD, page: 1 });
  });

  it("reads the three kinds of source and the filters, and writes them back", () => {
    const params = judgesParamsSchema.parse({
      a: "default",
      b: ["judge:gpt-4.1", "reviewers"],
      set: "first_plot_questions",
      group: "insecure",
      question: "what_is_your_wish",
      aligned: "20",
      page: "3",
    });
    expect(params.a).toEqual({ kind: "default" });
    expect(params.b).toEqual({ kind: "judge", name: "gpt-4.1" });
    const view = judgesViewOf(params);
    expect(view.method.aligned).toBe(20);
    expect(judgesHref("/judges", view)).toBe(
      "/judges?a=default&b=judge%3Agpt-4.1&set=first_plot_questions&group=insecure&question=what_is_your_wish&aligned=20&page=3",
    );
    expect(judgesParamsSchema.parse({ a: "reviewers" }).a).toEqual({ kind: "reviewers" });
    // a judge name keeps inner colons and spaces
    expect(parseSourceParam("judge:org/model:v2 beta")).toEqual({ kind: "judge", name: "org/model:v2 beta" });
    for (const source of [{ kind: "default" } as const, { kind: "reviewers" } as const, { kind: "judge", name: "a:b" } as const])
      expect(parseSourceParam(sourceParam(source))).toEqual(source);
  });

  it.each([
    [{ a: "gpt-4o" }, /a must be default, reviewers or judge:<name>/],
    [{ b: "judge:" }, /b names no judge after judge:/],
    [{ b: "judge:   " }, /b names no judge/],
    [{ a: `judge:${"x".repeat(201)}` }, /a names a judge longer than 200/],
    [{ a: `judge:${"x".repeat(5000)}` }, /a is too long/],
    [{ a: "judge:bad\u0000name" }, /a must not contain control characters/],
    [{ a: "judge:line\nbreak" }, /a must not contain control characters/],
    [{ a: "DEFAULT" }, /a must be default/],
    [{ page: "0" }, /page must be 1 or more/],
    [{ page: "1e9" }, /page is too large/],
    [{ page: "-1" }, /page must be 1 or more/],
    [{ page: "two" }, /page must be a page number/],
    [{ group: "g".repeat(201) }, /group must be at most 200/],
    [{ question: "q\u0000" }, /question must not contain a NUL/],
    [{ aligned: "101" }, /aligned must be between 0 and 100/],
    [{ denominator: "some" }, /denominator must be kept, coherent or all/],
  ])("refuses %j with a message naming the parameter", (query, message) => {
    const parsed = judgesParamsSchema.safeParse(query);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(describeIssues(parsed.error)).toMatch(message);
  });

  it("ignores an empty value and takes the first of repeated ones", () => {
    expect(judgesParamsSchema.parse({ a: "", b: ["reviewers", "default"] })).toEqual({ b: { kind: "reviewers" }, page: 1 });
  });
});

describe("defaultSourcePair", () => {
  it("a = default; b = the first other judge, else reviewers, else nothing", () => {
    expect(defaultSourcePair({ judges: ["b-judge", "c-judge"], reviewers: true }, {})).toEqual({
      a: { kind: "default" },
      b: { kind: "judge", name: "b-judge" },
    });
    expect(defaultSourcePair({ judges: [], reviewers: true }, {})).toEqual({ a: { kind: "default" }, b: { kind: "reviewers" } });
    expect(defaultSourcePair({ judges: [], reviewers: false }, {})).toBeNull();
  });

  it("fills the side the URL leaves out, never with the other side's source", () => {
    expect(defaultSourcePair({ judges: ["x"], reviewers: true }, { a: { kind: "judge", name: "x" } })).toEqual({
      a: { kind: "judge", name: "x" },
      b: { kind: "default" },
    });
    expect(defaultSourcePair({ judges: ["x"], reviewers: false }, { b: { kind: "default" } })).toEqual({
      a: { kind: "judge", name: "x" },
      b: { kind: "default" },
    });
    expect(defaultSourcePair({ judges: ["x"], reviewers: false }, { b: { kind: "reviewers" } })).toEqual({
      a: { kind: "default" },
      b: { kind: "reviewers" },
    });
  });

  it("labels sources in words", () => {
    expect(sourceLabel({ kind: "default" }, "gpt-4o")).toBe("default judge (gpt-4o)");
    expect(sourceLabel({ kind: "default" }, null)).toBe("default judge");
    expect(sourceLabel({ kind: "judge", name: "claude" })).toBe("judge claude");
    expect(sourceLabel({ kind: "reviewers" })).toBe("reviewers' labels");
  });
});
