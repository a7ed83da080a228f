// The response cache in front of Next.js (scripts/server/response-cache.mjs), through a real HTTP
// server on loopback: a render function stands in for Next and counts how often it runs.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { cacheKey, createResponseCache, isCacheableRequest } from "@/scripts/server/response-cache.mjs";
import { keepOutOfResponseCache } from "@/lib/cache/response-scope";

interface Harness {
  url: string;
  renders: () => number;
  setVersion: (version: string | null) => void;
  stats: () => { hits: number; misses: number; shared: number; passed: number; keptOut: number };
  close: () => Promise<void>;
}

const servers: Harness[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server whose "render" answers after `delayMs`, in two chunks, with what the path asks for. */
async function harness(delayMs = 20): Promise<Harness> {
  let version: string | null = "1";
  let renders = 0;
  const cache = createResponseCache({
    readVersion: async () => {
      if (version === null) throw new Error("database down");
      return version;
    },
  });
  const render = (request: http.IncomingMessage, response: http.ServerResponse) => {
    renders++;
    const url = new URL(request.url ?? "/", "http://x");
    setTimeout(() => {
      // what a page does when it shows a failure inside its 200 (lib/cache/response-scope.ts)
      if (url.searchParams.has("failed")) keepOutOfResponseCache("the render showed a failure");
      const status = Number(url.searchParams.get("status") ?? 200);
      const headers: Record<string, string> = { "content-type": "text/plain", "cache-control": "private, no-store" };
      if (url.searchParams.has("cookie")) headers["set-cookie"] = "a=b";
      if (url.searchParams.has("download")) headers["content-disposition"] = 'attachment; filename="answers-2026-12-03.csv"';
      if (url.searchParams.has("gzip")) {
        response.writeHead(status, { ...headers, "content-encoding": "gzip" });
        response.end(gzipSync(`zipped render ${renders}`));
        return;
      }
      response.writeHead(status, headers);
      response.write(`render ${renders} of ${request.url} `);
      setTimeout(() => response.end(`for ${request.headers.rsc ? "rsc" : "html"} at v${version}`), delayMs / 2);
    }, delayMs);
  };
  const server = http.createServer((request, response) => {
    void cache.handle(request, response, () => render(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const result: Harness = {
    url: `http://127.0.0.1:${port}`,
    renders: () => renders,
    setVersion: (next) => (version = next),
    stats: () => cache.stats(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  servers.push(result);
  return result;
}

async function get(url: string, init: RequestInit = {}): Promise<{ status: number; body: string; cache: string | null; headers: Headers }> {
  const response = await fetch(url, init);
  return {
    status: response.status,
    body: await response.text(),
    cache: response.headers.get("x-response-cache"),
    headers: response.headers,
  };
}

describe("the response cache", () => {
  it("answers a repeated request from the cache, with the first response's status, headers and body", async () => {
    const server = await harness();
    const first = await get(`${server.url}/compare?set=a`);
    const second = await get(`${server.url}/compare?set=a`);
    expect(first.body).toBe("render 1 of /compare?set=a for html at v1");
    expect(second).toMatchObject({ status: 200, body: first.body, cache: "hit" });
    expect(second.headers.get("content-type")).toBe("text/plain");
    expect(second.headers.get("cache-control")).toBe("private, no-store"); // browsers still may not keep it
    expect(server.renders()).toBe(1);
  });

  it("renders once for many concurrent readers of one page", async () => {
    const server = await harness(200);
    const bodies = await Promise.all(Array.from({ length: 30 }, () => get(`${server.url}/`).then((r) => r.body)));
    expect(new Set(bodies)).toEqual(new Set(["render 1 of / for html at v1"]));
    expect(server.renders()).toBe(1);
    expect(server.stats()).toMatchObject({ misses: 1, shared: 29 });
  });

  it("renders again once the data version moves, and never serves the old response after", async () => {
    const server = await harness();
    await get(`${server.url}/`);
    server.setVersion("2");
    const after = await get(`${server.url}/`);
    expect(after.body).toBe("render 2 of / for html at v2");
    expect(after.cache).toBeNull();
    expect((await get(`${server.url}/`)).body).toBe(after.body);
    expect(server.renders()).toBe(2);
  });

  it("keeps apart what Next answers differently: the RSC payload, another host, another encoding", async () => {
    const server = await harness();
    await get(`${server.url}/`);
    const rsc = await get(`${server.url}/`, { headers: { rsc: "1" } });
    expect(rsc.body).toContain("for rsc");
    const host = await get(`${server.url}/`, { headers: { "x-forwarded-host": "other.example" } });
    expect(host.cache).toBeNull();
    expect(server.renders()).toBe(3);
    // a compressed body is replayed byte for byte with its encoding
    const zipped = await get(`${server.url}/?gzip`, { headers: { "accept-encoding": "gzip" } });
    const zippedAgain = await get(`${server.url}/?gzip`, { headers: { "accept-encoding": "gzip" } });
    expect(zippedAgain).toMatchObject({ body: zipped.body, cache: "hit" });
    expect(zippedAgain.headers.get("content-encoding")).toBe("gzip");
  });

  it("stores only complete 200 responses without cookies, and passes through what it may not cache", async () => {
    const server = await harness();
    for (const path of [
      "/?status=404",
      "/?status=500",
      "/?cookie",
      "/api/answers/csv?download",
      "/imports",
      "/import",
      "/api/imports/1",
      "/_next/static/x.js",
    ]) {
      await get(`${server.url}${path}`);
      const again = await get(`${server.url}${path}`);
      expect(again.cache, path).toBeNull();
    }
    await fetch(`${server.url}/`, { method: "POST", body: "x" });
    await fetch(`${server.url}/`, { method: "POST", body: "x" });
    expect(server.renders()).toBe(18);
  });

  it("does not keep a response the app kept out while rendering it, and keeps the next one of the same page", async () => {
    const server = await harness();
    const failed = await get(`${server.url}/answers?failed`);
    expect(failed.status).toBe(200);
    expect((await get(`${server.url}/answers?failed`)).cache).toBeNull();
    expect(server.renders()).toBe(2);
    expect(server.stats().keptOut).toBe(2);
    // the scope is the request's own: a concurrent render of another page is kept
    await Promise.all([get(`${server.url}/answers?failed`), get(`${server.url}/answers`)]);
    expect((await get(`${server.url}/answers`)).cache).toBe("hit");
    // outside a render (no scope) it does nothing
    expect(() => keepOutOfResponseCache("no request")).not.toThrow();
  });

  it("goes to the renderer when the version cannot be read", async () => {
    const server = await harness();
    await get(`${server.url}/`);
    server.setVersion(null);
    const response = await get(`${server.url}/`);
    expect(response.cache).toBeNull();
    expect(server.renders()).toBe(2);
    expect(server.stats().passed).toBe(1);
  });
});

describe("cache keys", () => {
  it("name the version, the URL and the headers a response depends on", () => {
    const request = { url: "/?a=1", headers: { host: "h", rsc: "1", "user-agent": "ignored" } };
    expect(cacheKey("7", request)).toBe(cacheKey("7", { ...request, headers: { ...request.headers, "user-agent": "other" } }));
    expect(cacheKey("7", request)).not.toBe(cacheKey("8", request));
    expect(cacheKey("7", request)).not.toBe(cacheKey("7", { ...request, headers: { host: "h" } }));
    expect(isCacheableRequest({ method: "GET", url: "/answers?q=x", headers: {} })).toBe(true);
    expect(isCacheableRequest({ method: "GET", url: "/", headers: { authorization: "Bearer t" } })).toBe(false);
    // GET /api/reviewer answers the name of the token's reviewer: never shared with another request
    expect(isCacheableRequest({ method: "GET", url: "/api/reviewer", headers: { "x-reviewer-token": "t" } })).toBe(false);
    expect(isCacheableRequest({ method: "GET", url: "/api/reviewer", headers: { "x-admin-token": "t" } })).toBe(false);
    expect(isCacheableRequest({ method: "HEAD", url: "/", headers: {} })).toBe(false);
    expect(isCacheableRequest({ method: "GET", url: "/importsx", headers: {} })).toBe(true);
  });
});
