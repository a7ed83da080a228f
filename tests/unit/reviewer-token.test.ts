// Reviewer tokens (lib/auth/reviewer-token.ts): fresh, stored as sha256 only, checked in constant
// time against the stored hash, read from either header.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  generateReviewerToken,
  hashReviewerToken,
  presentedReviewerToken,
  reviewerNameSchema,
  reviewerTokenMatches,
} from "@/lib/auth/reviewer-token";

describe("reviewer tokens", () => {
  it("are 32 random bytes in base64url, a new one each time", () => {
    const tokens = new Set(Array.from({ length: 100 }, generateReviewerToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
    }
  });

  it("are stored as their sha256 (hex), which is not the token", () => {
    const token = generateReviewerToken();
    expect(hashReviewerToken(token)).toBe(crypto.createHash("sha256").update(token, "utf8").digest("hex"));
    expect(hashReviewerToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashReviewerToken(token)).not.toContain(token);
  });

  it("match only the token whose hash is stored", () => {
    const token = generateReviewerToken();
    const stored = hashReviewerToken(token);
    expect(reviewerTokenMatches(token, stored)).toBe(true);
    expect(reviewerTokenMatches(`${token} `, stored)).toBe(false);
    expect(reviewerTokenMatches(token.slice(0, -1), stored)).toBe(false);
    expect(reviewerTokenMatches(generateReviewerToken(), stored)).toBe(false);
    expect(reviewerTokenMatches("", stored)).toBe(false);
    // a stored value that is not a sha256 never matches (and does not throw)
    expect(reviewerTokenMatches(token, "abc")).toBe(false);
    expect(reviewerTokenMatches(token, token)).toBe(false);
  });

  it("are read from Authorization: Bearer, else x-reviewer-token", () => {
    expect(presentedReviewerToken(new Headers({ authorization: "Bearer abc" }))).toBe("abc");
    expect(presentedReviewerToken(new Headers({ authorization: "bearer   abc  " }))).toBe("abc");
    expect(presentedReviewerToken(new Headers({ "x-reviewer-token": " xyz " }))).toBe("xyz");
    expect(presentedReviewerToken(new Headers({ authorization: "Bearer abc", "x-reviewer-token": "xyz" }))).toBe("abc");
    expect(presentedReviewerToken(new Headers({ authorization: "Basic abc" }))).toBeNull();
    expect(presentedReviewerToken(new Headers({ "x-reviewer-token": "  " }))).toBeNull();
    expect(presentedReviewerToken(new Headers())).toBeNull();
  });

  it("belong to reviewers with printable names", () => {
    expect(reviewerNameSchema.parse("  Ada Lovelace ")).toBe("Ada Lovelace");
    expect(reviewerNameSchema.safeParse("").success).toBe(false);
    expect(reviewerNameSchema.safeParse("a\nb").success).toBe(false);
    expect(reviewerNameSchema.safeParse("x".repeat(65)).success).toBe(false);
  });
});
