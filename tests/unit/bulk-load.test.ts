// When an import bulk loads (lib/import/write/bulk-load.ts): only big files that at least double the
// answers already there, unless the user says on or off.
import { describe, expect, it } from "vitest";
import { BULK_LOAD_MIN_BYTES, shouldBulkLoad } from "@/lib/import/write/bulk-load";

const MB = 1024 * 1024;

describe("shouldBulkLoad", () => {
  it("auto: a big file into an empty or smaller table", () => {
    expect(shouldBulkLoad("auto", 750 * MB, 0)).toBe(true);
    expect(shouldBulkLoad("auto", 750 * MB, 637 * MB)).toBe(true);
    expect(shouldBulkLoad("auto", 750 * MB, 750 * MB)).toBe(true);
  });

  it("auto: never when the table is bigger than the file (the rebuild would cost more than it saves)", () => {
    expect(shouldBulkLoad("auto", 750 * MB, 750 * MB + 1)).toBe(false);
    expect(shouldBulkLoad("auto", 750 * MB, 9_400 * MB)).toBe(false);
  });

  it("auto: never for small files, even into an empty table", () => {
    expect(shouldBulkLoad("auto", BULK_LOAD_MIN_BYTES - 1, 0)).toBe(false);
    expect(shouldBulkLoad("auto", BULK_LOAD_MIN_BYTES, 0)).toBe(true);
    expect(shouldBulkLoad("auto", 2 * MB, 0)).toBe(false);
  });

  it("on and off override the size rule", () => {
    expect(shouldBulkLoad("on", 1, 9_400 * MB)).toBe(true);
    expect(shouldBulkLoad("off", 750 * MB, 0)).toBe(false);
  });
});
