// proxy.ts answers a removed answer's permalink 410 Gone (a Next.js page cannot choose that status
// itself; the page renders the removal notice and its labels under it). The database's answer is
// stubbed here: tests/integration/answer-public-id.test.ts checks isAnswerGone on a real removal,
// tests/e2e/answer-permalink.spec.ts the status the production server sends.
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";

const gone = vi.hoisted(() => ({ ids: new Set<string>(), calls: 0, fail: false }));
vi.mock("@/lib/db/client", () => ({ getPrisma: () => ({}) }));
vi.mock("@/lib/queries/answers", () => ({
  isAnswerGone: async (_prisma: unknown, publicId: string) => {
    gone.calls += 1;
    if (gone.fail) throw new Error("database down");
    return gone.ids.has(publicId);
  },
}));
const { proxy } = await import("@/proxy");

const REMOVED = "deadbeef00000000abcd";
const request = (pathname: string, method = "GET", headers: Record<string, string> = {}) =>
  new NextRequest(`http://localhost:3000${pathname}`, { method, headers: { host: "localhost:3000", ...headers } });

beforeEach(() => {
  gone.ids = new Set([REMOVED]);
  gone.calls = 0;
  gone.fail = false;
});

describe("a removed answer's permalink", () => {
  it("is 410 for the page (GET and HEAD), passed on to the page like any other", async () => {
    for (const method of ["GET", "HEAD"]) {
      const response = await proxy(request(`/answers/${REMOVED}`, method));
      expect(response.status).toBe(410);
      expect(response.headers.get("x-middleware-next")).toBe("1");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    }
    expect((await proxy(request(`/answers/${REMOVED}/`))).status).toBe(410);
  });

  it("keeps 200 for an answer that is here, for client-side navigations, and asks nothing for other paths", async () => {
    expect((await proxy(request("/answers/0123456789abcdef0123"))).status).toBe(200);
    expect((await proxy(request(`/answers/${REMOVED}`, "GET", { rsc: "1" }))).status).toBe(200);
    const calls = gone.calls;
    for (const pathname of ["/", "/answers", "/answers/12", `/answers/${REMOVED}/x`, `/api/answers/${REMOVED}/labels`]) {
      expect((await proxy(request(pathname))).status).toBe(200);
    }
    expect(gone.calls).toBe(calls);
  });

  it("falls back to the page's own status when the database cannot say", async () => {
    gone.fail = true;
    expect((await proxy(request(`/answers/${REMOVED}`))).status).toBe(200);
  });
});
