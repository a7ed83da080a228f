// The one edit of a view's URL every control makes (lib/params/change.ts): set and delete params,
// keep the rest; thresholds are left out of the URL when they are the preset's own value.
import { describe, expect, it } from "vitest";
import { applyParamChange, thresholdParam } from "@/lib/params/change";
import { PRESETS } from "@/lib/stats/method";

describe("applyParamChange", () => {
  it("sets, replaces and deletes the named params and keeps every other one, repeated ones included", () => {
    const params = new URLSearchParams("set=s1&attr=lora_rank:4&attr=size_b:14&aligned=20&base=all");
    applyParamChange(params, { set: "s2", aligned: null, sort: "p" });
    expect(params.toString()).toBe("set=s2&attr=lora_rank%3A4&attr=size_b%3A14&base=all&sort=p");
  });

  it("replaces every value of a repeated param it sets", () => {
    expect(applyParamChange(new URLSearchParams("a=1&a=2"), { a: "3" }).toString()).toBe("a=3");
  });
});

describe("thresholdParam", () => {
  const { aligned, coherent } = PRESETS.betley.method;

  it("is absent for the preset's own value, an empty field or no number", () => {
    expect(thresholdParam("betley", "aligned", String(aligned))).toBeNull();
    expect(thresholdParam("betley", "coherent", `${coherent}.0`)).toBeNull();
    expect(thresholdParam("betley", "aligned", "  ")).toBeNull();
    expect(thresholdParam("betley", "aligned", "abc")).toBeNull();
  });

  it("is the number, written canonically, for any other value", () => {
    expect(thresholdParam("betley", "aligned", "12.50")).toBe("12.5");
    expect(thresholdParam("betley", "coherent", " 80 ")).toBe("80");
    expect(thresholdParam("betley", "aligned", "0")).toBe("0");
  });
});
