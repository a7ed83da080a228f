// The pieces of lib/import/write/locks.ts that need no database: lock keys and recognising the
// concurrency failures that the routes answer with 503 instead of a 500.
import { describe, expect, it } from "vitest";
import { contentHashLockKey, isConcurrencyConflict, sqlStateOf } from "@/lib/import/write/locks";

/** What Prisma with the pg driver adapter throws for a raw query that failed (shape measured). */
function prismaError(sqlState: string) {
  return Object.assign(new Error(`Raw query failed. Code: \`${sqlState}\``), {
    code: "P2010",
    clientVersion: "6.19.3",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: sqlState, kind: "postgres", code: sqlState } } },
  });
}

describe("sqlStateOf", () => {
  it("reads pg's code and Prisma's driver adapter cause, never Prisma's own P-code", () => {
    expect(sqlStateOf(Object.assign(new Error("dup"), { code: "23505" }))).toBe("23505");
    expect(sqlStateOf(prismaError("40P01"))).toBe("40P01");
    expect(sqlStateOf(Object.assign(new Error("x"), { code: "P2010", clientVersion: "6.19.3" }))).toBeNull();
    expect(sqlStateOf(new Error("plain"))).toBeNull();
    expect(sqlStateOf(null)).toBeNull();
  });
});

describe("isConcurrencyConflict", () => {
  it("is true for deadlock, serialization failure and lock timeout, from pg or Prisma", () => {
    for (const state of ["40P01", "40001", "55P03"]) {
      expect(isConcurrencyConflict(Object.assign(new Error(state), { code: state }))).toBe(true);
      expect(isConcurrencyConflict(prismaError(state))).toBe(true);
    }
    expect(isConcurrencyConflict(Object.assign(new Error("write conflict"), { code: "P2034", clientVersion: "6.19.3" }))).toBe(true);
  });
  it("is false for the user's and the program's errors", () => {
    expect(isConcurrencyConflict(Object.assign(new Error("dup"), { code: "23505" }))).toBe(false);
    expect(isConcurrencyConflict(prismaError("42P01"))).toBe(false);
    expect(isConcurrencyConflict(new Error("plain"))).toBe(false);
  });
});

describe("contentHashLockKey", () => {
  it("is the first 64 bits of the sha256 as a signed bigint", () => {
    expect(contentHashLockKey("0000000000000001" + "0".repeat(48))).toBe("1");
    expect(contentHashLockKey("ffffffffffffffff" + "0".repeat(48))).toBe("-1");
    expect(contentHashLockKey("8000000000000000" + "f".repeat(48))).toBe("-9223372036854775808");
    expect(() => contentHashLockKey("not-a-hash")).toThrow(/sha256/);
  });
});
