import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "@/lib/export/csv";

describe("CSV export", () => {
  it("quotes commas, quotes and newlines (RFC 4180)", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("plain")).toBe("plain");
  });

  it("writes numbers exactly and missing values as empty cells (never 0)", () => {
    expect(csvCell(94.7741274855916)).toBe("94.7741274855916");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("defuses spreadsheet formulas in untrusted text", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("-1+2")).toBe("'-1+2");
    expect(csvCell(-1)).toBe("-1"); // a real negative number stays a number
  });

  it("writes a header and one line per row", () => {
    const csv = toCsv(
      [
        { id: 1, aligned: 12.5 },
        { id: 2, aligned: null },
      ],
      [
        { header: "id", value: (row) => row.id },
        { header: "aligned", value: (row) => row.aligned },
      ],
    );
    expect(csv).toBe("id,aligned\r\n1,12.5\r\n2,\r\n");
  });
});
