// pickSide: what a two-sided view's pair becomes when one side's select changes (components/ui/TwoSidePicker.tsx).
import { describe, expect, it } from "vitest";
import { pickSide } from "@/components/ui/TwoSidePicker";

describe("pickSide", () => {
  it("sets the picked side and keeps the other", () => {
    expect(pickSide({ a: "insecure", b: "secure" }, "a", "jailbroken", true)).toEqual({ a: "jailbroken", b: "secure" });
    expect(pickSide({ a: "insecure", b: "secure" }, "b", "base", true)).toEqual({ a: "insecure", b: "base" });
  });

  it("with swapOnClash, picking the other side's value swaps the two (Compare, Judges)", () => {
    expect(pickSide({ a: "insecure", b: "secure" }, "a", "secure", true)).toEqual({ a: "secure", b: "insecure" });
    expect(pickSide({ a: "insecure", b: "secure" }, "b", "insecure", true)).toEqual({ a: "secure", b: "insecure" });
  });

  it("without it, both sides may hold the same value (the side-by-side page names that instead)", () => {
    expect(pickSide({ a: "group:base", b: "group:insecure" }, "b", "group:base", false)).toEqual({ a: "group:base", b: "group:base" });
  });

  it("a side not chosen yet stays unchosen", () => {
    expect(pickSide({}, "a", "insecure", true)).toEqual({ a: "insecure" });
    expect(pickSide({ b: "secure" }, "a", "secure", true)).toEqual({ a: "secure", b: undefined });
  });
});
