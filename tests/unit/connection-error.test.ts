import { describe, expect, it } from "vitest";
import { checkDatabaseUrl, explainConnectionError } from "@/lib/db/connection-error";

const url = "postgres://alice:secret@db.example:6543/results";

describe("database connection errors in one line", () => {
  it("names the fix for each way a connection fails", () => {
    expect(explainConnectionError({ code: "3D000" }, url)).toBe(
      'The database "results" does not exist on db.example:6543. Create it: createdb -h db.example -p 6543 -U alice results',
    );
    expect(explainConnectionError({ code: "ECONNREFUSED" }, url)).toMatch(
      /^Nothing accepts connections at db\.example:6543: start PostgreSQL/,
    );
    expect(explainConnectionError({ code: "ENOTFOUND" }, url)).toBe(
      'The database host "db.example" cannot be found: fix the host in DATABASE_URL.',
    );
    expect(explainConnectionError(Object.assign(new Error("password authentication failed"), { code: "28P01" }), url)).toMatch(
      /refused user "alice"/,
    );
    // the password never appears in a message
    for (const code of ["3D000", "ECONNREFUSED", "ENOTFOUND", "28P01", "ETIMEDOUT"]) {
      expect(explainConnectionError({ code }, url)).not.toContain("secret");
    }
  });

  it("leaves other errors alone (they keep their stack trace)", () => {
    expect(explainConnectionError(new Error("syntax error"), url)).toBeNull();
    expect(explainConnectionError({ code: "42601" }, url)).toBeNull();
  });

  it("checks DATABASE_URL's form, without echoing a password", () => {
    expect(checkDatabaseUrl(` ${url} `)).toBe(url);
    expect(() => checkDatabaseUrl("notaurl")).toThrow(/DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL \("notaurl"\)/);
    expect(() => checkDatabaseUrl("mysql://bob:pw@h/db")).toThrow(/mysql:\/\/bob:\*\*\*@h\/db/);
  });
});
