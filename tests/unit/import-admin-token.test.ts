// The ADMIN_TOKEN check (lib/auth/admin.ts) and the upload helpers' pure parts.
import { describe, expect, it } from "vitest";
import { checkAdminToken, configuredAdminToken, presentedToken, tokensMatch } from "@/lib/auth/admin";
import { formatBytes } from "@/lib/format";
import { maxUploadBytes, DEFAULT_MAX_UPLOAD_BYTES } from "@/lib/import/upload";
import { importUploadParamsSchema, uploadParamsToOptions } from "@/lib/params/imports";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("admin token", () => {
  it("is off when ADMIN_TOKEN is unset or blank", () => {
    expect(configuredAdminToken({})).toBeNull();
    expect(configuredAdminToken({ ADMIN_TOKEN: "   " })).toBeNull();
    expect(configuredAdminToken({ ADMIN_TOKEN: " s3cret " })).toBe("s3cret");
    expect(checkAdminToken(headers({}), null)).toEqual({ ok: true });
  });

  it("reads the Bearer credentials, else the x-admin-token header", () => {
    expect(presentedToken(headers({ Authorization: "Bearer abc def" }))).toBe("abc def");
    expect(presentedToken(headers({ Authorization: "bearer   xyz " }))).toBe("xyz");
    expect(presentedToken(headers({ "x-admin-token": "t1" }))).toBe("t1");
    expect(presentedToken(headers({ Authorization: "Basic dXNlcjpwYXNz", "x-admin-token": "t2" }))).toBe("t2");
    expect(presentedToken(headers({ Authorization: "Basic dXNlcjpwYXNz" }))).toBeNull();
    expect(presentedToken(headers({}))).toBeNull();
  });

  it("accepts only the exact token, whatever the lengths", () => {
    expect(tokensMatch("s3cret", "s3cret")).toBe(true);
    expect(tokensMatch("s3cre", "s3cret")).toBe(false);
    expect(tokensMatch("s3cret-longer", "s3cret")).toBe(false);
    expect(tokensMatch("S3cret", "s3cret")).toBe(false);
    expect(tokensMatch("", "s3cret")).toBe(false);
  });

  it("answers 401 with a message saying what is missing or wrong", () => {
    const missing = checkAdminToken(headers({}), "s3cret");
    expect(missing).toMatchObject({ ok: false, status: 401 });
    if (!missing.ok) expect(missing.message).toMatch(/requires the admin token/);
    const wrong = checkAdminToken(headers({ "x-admin-token": "guess" }), "s3cret");
    expect(wrong).toMatchObject({ ok: false, status: 401 });
    if (!wrong.ok) expect(wrong.message).toMatch(/wrong/);
    expect(checkAdminToken(headers({ Authorization: "Bearer s3cret" }), "s3cret")).toEqual({ ok: true });
  });
});

describe("upload helpers", () => {
  it("caps uploads at 2 GB unless IMPORT_MAX_BYTES says otherwise", () => {
    expect(DEFAULT_MAX_UPLOAD_BYTES).toBe(2147483648);
    expect(maxUploadBytes({})).toBe(DEFAULT_MAX_UPLOAD_BYTES);
    expect(maxUploadBytes({ IMPORT_MAX_BYTES: "1048576" })).toBe(1048576);
    expect(maxUploadBytes({ IMPORT_MAX_BYTES: "lots" })).toBe(DEFAULT_MAX_UPLOAD_BYTES);
    expect(maxUploadBytes({ IMPORT_MAX_BYTES: "-5" })).toBe(DEFAULT_MAX_UPLOAD_BYTES);
  });

  it("formats sizes for messages", () => {
    expect(formatBytes(1000)).toBe("1000 bytes");
    expect(formatBytes(1536)).toBe("1.5 kB");
    expect(formatBytes(2 * 1024 ** 3)).toBe("2 GB");
    expect(formatBytes(15 * 1024 ** 2 + 1)).toBe("15 MB");
  });

  it("validates the upload parameters and turns them into importer options", () => {
    const parsed = importUploadParamsSchema.parse({ fileName: "a.csv", model: " m ", group: "g", seed: "7", set: "", skipInvalid: "1" });
    expect(uploadParamsToOptions(parsed)).toEqual({ model: "m", group: "g", seed: 7, skipInvalid: true });
    const bad = importUploadParamsSchema.safeParse({ fileName: "../etc/passwd", seed: "1.5", format: "xlsx", skipInvalid: "maybe" });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues.map((issue) => issue.path[0]).sort()).toEqual(["fileName", "format", "seed", "skipInvalid"]);
    expect(importUploadParamsSchema.safeParse({}).success).toBe(false);
    // examples: absent = the format's default (not false); 1 / 0 choose
    const flags = (params: Record<string, string>) =>
      uploadParamsToOptions(importUploadParamsSchema.parse({ fileName: "a.csv", ...params }));
    expect(flags({})).toEqual({ skipInvalid: false });
    expect(flags({ examples: "1", newQuestions: "1", set: "s", baseModel: "Qwen2.5-Coder-32B-Instruct" })).toEqual({
      skipInvalid: false,
      examples: true,
      newQuestions: true,
      set: "s",
      baseModel: "Qwen2.5-Coder-32B-Instruct",
    });
    expect(flags({ examples: "0" }).examples).toBe(false);
    expect(importUploadParamsSchema.safeParse({ fileName: "a.csv", examples: "maybe" }).success).toBe(false);
    expect(importUploadParamsSchema.safeParse({ fileName: "x.csv", seed: "99999999999" }).success).toBe(false);
  });
});
