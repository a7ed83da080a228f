// proxy.ts (issue 15, item 6): cross-site writes refused even without ADMIN_TOKEN (CSRF), unknown
// Host headers refused (DNS rebinding), security headers on every response. Calls the proxy
// function itself with the requests a browser, another site and curl send.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";
import { apiErrorBodySchema } from "@/lib/api/contracts";
import { contentSecurityPolicy } from "@/lib/security/headers";
import { allowedHostNames, hostAllowed, hostNameOf, isLoopbackHost } from "@/lib/security/hosts";
import { WRITE_ROUTES } from "@/lib/security/request-guard";

afterEach(() => {
  vi.unstubAllEnvs();
});

function request(pathname: string, method: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`http://localhost:3000${pathname}`, { method, headers: { host: "localhost:3000", ...headers } });
}

/** NextResponse.next() carries this header; a refusal does not. */
const passedOn = (response: Response) => response.headers.get("x-middleware-next") === "1";

const CROSS_SITE = { origin: "https://evil.example", "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" };

describe("writes from other sites", () => {
  it("refuses a cross-site no-cors POST to /api/import in open mode (no ADMIN_TOKEN) with 403 and a JSON message", async () => {
    vi.stubEnv("ADMIN_TOKEN", "");
    const response = await proxy(request("/api/import?fileName=a.csv", "POST", { ...CROSS_SITE, "content-type": "text/plain" }));
    expect(response.status).toBe(403);
    expect(passedOn(response)).toBe(false);
    const body = apiErrorBodySchema.parse(await response.json()); // the API's one error body
    expect(body.error.code).toBe("cross-site-request");
    expect(body.error.message).toMatch(/another site/);
  });

  it("refuses another origin on the same machine (same-site, other port), a null origin, and Sec-Fetch-Site alone", async () => {
    vi.stubEnv("ADMIN_TOKEN", "");
    expect((await proxy(request("/api/import", "POST", { origin: "http://localhost:5173", "sec-fetch-site": "same-site" }))).status).toBe(
      403,
    );
    expect((await proxy(request("/api/import", "POST", { origin: "http://localhost:5173" }))).status).toBe(403);
    expect((await proxy(request("/api/import", "POST", { origin: "null" }))).status).toBe(403);
    expect((await proxy(request("/api/import", "POST", { "sec-fetch-site": "cross-site" }))).status).toBe(403);
  });

  it("lets the app's own pages, the CLI and curl (no Origin) and reads through", async () => {
    vi.stubEnv("ADMIN_TOKEN", "");
    expect(
      passedOn(await proxy(request("/api/import", "POST", { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }))),
    ).toBe(true);
    expect(passedOn(await proxy(request("/api/import", "POST")))).toBe(true);
    expect(passedOn(await proxy(request("/api/imports/3", "DELETE", { "user-agent": "curl/8.5.0" })))).toBe(true);
    expect(passedOn(await proxy(request("/api/rates", "GET", CROSS_SITE)))).toBe(true);
  });

  it("lets a cross-site request with the valid admin token through (and not one with a wrong token)", async () => {
    vi.stubEnv("ADMIN_TOKEN", "s3cret");
    expect(passedOn(await proxy(request("/api/import", "POST", { ...CROSS_SITE, authorization: "Bearer s3cret" })))).toBe(true);
    expect((await proxy(request("/api/import", "POST", { ...CROSS_SITE, authorization: "Bearer wrong" }))).status).toBe(403);
  });

  it("covers every route that exports a write method, and server actions (POST to a page)", async () => {
    vi.stubEnv("ADMIN_TOKEN", "");
    const routes: { path: string; methods: string[] }[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(file);
        else if (entry.name === "route.ts") {
          // handlers are functions or (lib/api/route.ts) constants built by apiRoute()
          const methods = [
            ...fs.readFileSync(file, "utf8").matchAll(/export\s+(?:(?:async\s+)?function|const)\s+(POST|PUT|PATCH|DELETE)\b/g),
          ].map((m) => m[1]);
          if (methods.length > 0) routes.push({ path: `/${path.relative("app", path.dirname(file)).split(path.sep).join("/")}`, methods });
        }
      }
    };
    visit("app");
    expect(routes.sort((a, b) => a.path.localeCompare(b.path))).toEqual(WRITE_ROUTES);
    for (const route of WRITE_ROUTES) {
      for (const method of route.methods) {
        const response = await proxy(request(route.path.replace("[id]", "1"), method, CROSS_SITE));
        expect(response.status, `${method} ${route.path}`).toBe(403);
      }
    }
    expect((await proxy(request("/import", "POST", { ...CROSS_SITE, "next-action": "abc" }))).status).toBe(403);
  });
});

describe("host names (DNS rebinding)", () => {
  it("refuses a request whose Host is another name with 421, on pages and API routes alike", async () => {
    vi.stubEnv("ALLOWED_HOSTS", "");
    vi.stubEnv("HOST", "127.0.0.1");
    for (const pathname of ["/", "/api/rates", "/api/answers"]) {
      const response = await proxy(request(pathname, "GET", { host: "evil.example:3000" }));
      expect(response.status).toBe(421);
      expect(apiErrorBodySchema.parse(await response.json()).error.code).toBe("unknown-host");
    }
    expect((await proxy(request("/", "GET", { host: "evil.example@localhost:3000" }))).status).toBe(421);
  });

  it("accepts the loopback names, the bound address, and ALLOWED_HOSTS", async () => {
    const env = { HOST: "127.0.0.1", ALLOWED_HOSTS: "dash.example.org, Other.Example" };
    for (const host of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST", "dash.example.org", "other.example:443"]) {
      expect(hostAllowed(host, env), host).toBe(true);
    }
    for (const host of ["evil.example", "127.0.0.2:3000", "localhost.evil.example", "", "a b"])
      expect(hostAllowed(host, env), host).toBe(false);
    expect(hostAllowed(null, env)).toBe(false);
    expect(hostAllowed("anything.example", { ALLOWED_HOSTS: "*" })).toBe(true);
    expect(hostAllowed("192.168.1.20:3000", { HOST: "192.168.1.20" })).toBe(true);
    expect(hostNameOf("[::1]:3000")).toBe("[::1]");
  });

  it("listening on every interface accepts this machine's own names and addresses", async () => {
    const names = allowedHostNames({ HOST: "0.0.0.0" });
    expect(names).not.toBe("any");
    expect((names as Set<string>).has(os.hostname().toLowerCase())).toBe(true);
    expect(isLoopbackHost("127.0.0.1") && isLoopbackHost("::1") && isLoopbackHost("localhost") && !isLoopbackHost("0.0.0.0")).toBe(true);
  });
});

describe("security headers", () => {
  const expectHeaders = (response: Response) => {
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  };

  it("are on pages, API responses and refusals", async () => {
    vi.stubEnv("ADMIN_TOKEN", "");
    expectHeaders(await proxy(request("/", "GET")));
    expectHeaders(await proxy(request("/api/rates", "GET")));
    expectHeaders(await proxy(request("/api/import", "POST", CROSS_SITE)));
    expectHeaders(await proxy(request("/", "GET", { host: "evil.example" })));
  });

  it("give the answer pages their strict policy (moved from a <meta> tag, where frame-ancestors is ignored)", async () => {
    const csp = (await proxy(request("/answers/12", "GET"))).headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-src 'none'");
    expect((await proxy(request("/answers", "GET"))).headers.get("content-security-policy")).toBe(csp);
    expect((await proxy(request("/answersheet", "GET"))).headers.get("content-security-policy")).not.toContain("default-src");
    expect(contentSecurityPolicy("/answers/1", false)).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("/answers/1", true)).toContain("unsafe-eval");
  });
});
