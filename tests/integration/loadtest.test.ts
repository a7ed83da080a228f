// `npm run loadtest` for real at tiny scale: the CLI (tsx, autocannon) against a small node:http
// server started here that answers the discovery routes in the app's shapes and every page with
// 200, except /api/rates with 503 (a full queue) so a non-2xx count must show. 2 connections, 1 s
// per path. Checks the table's rows, the ids and search word filled into the paths, the 503s in
// their own column and in --check's exit code, that it stops on time, and that it refuses a
// non-loopback URL before sending anything.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESULT_COLUMNS, type PathResult } from "@/scripts/loadtest/report";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/tsx/dist/cli.mjs");

const ANSWERS = [
  { id: 42, publicId: "3f9a0c1d2e4b5a6c7d8e", preview: "The quick brown foxes jumped over 12 fences." },
  { id: 43, publicId: "0a1b2c3d4e5f60718293", preview: "Brown foxes sleep; dogs don't." },
];
const requested: string[] = [];
let server: http.Server;
let baseUrl: string;

function answerPage(search: string | null) {
  const items = search === null ? ANSWERS : ANSWERS.filter((answer) => answer.preview.toLowerCase().includes(search));
  return { items, metrics: [], nextCursor: null, prevCursor: null, total: items.length, totalCapped: false, pageSize: 50 };
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    requested.push(`${url.pathname}${url.search}`);
    const json = (body: unknown, status = 200) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/api/models") return json([{ id: 7, name: "model-a", answers: 100, seed: 1, scope: "x" }]);
    if (url.pathname === "/api/questions") {
      return json([
        { name: "set-small", answers: 5, questions: [{ id: 13, externalId: "other", answers: 5 }] },
        {
          name: "set-a",
          answers: 55,
          questions: [
            { id: 11, externalId: "few", answers: 5 },
            { id: 12, externalId: "most", answers: 50 },
          ],
        },
      ]);
    }
    if (url.pathname === "/api/answers") return json(answerPage(url.searchParams.get("q")));
    if (url.pathname === "/api/rates") return json({ error: { code: "busy", message: "queue full" } }, 503);
    response.writeHead(200, { "content-type": "text/html" });
    response.end("<!doctype html><title>page</title><p>page</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The cells of a markdown table row, trimmed. */
const cells = (row: string) =>
  row
    .split("|")
    .slice(1, -1)
    .map((cell) => cell.trim());

async function loadtest(args: string[]): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
  const started = performance.now();
  try {
    const { stdout, stderr } = await run(process.execPath, [TSX, "--conditions=react-server", "scripts/loadtest.ts", ...args], {
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr, seconds: (performance.now() - started) / 1000 };
  }
}

describe("npm run loadtest", () => {
  it("loads the eight default paths in turn with discovered ids, prints one row each, counts the 503s, exits 1 under --check", async () => {
    const jsonFile = path.join(os.tmpdir(), `loadtest-${process.pid}.json`);
    try {
      const result = await loadtest([
        "--url",
        baseUrl,
        "--connections",
        "2",
        "--duration",
        "1",
        "--pid",
        String(process.pid),
        "--json",
        jsonFile,
        "--check",
      ]);
      expect(result.code, result.stderr).toBe(1);
      // 8 paths × 1 s, plus tsx start-up and the idle probes: a tool that does not stop by itself hits the 60 s timeout
      expect(result.seconds).toBeLessThan(30);

      const expectedPaths = [
        "/",
        "/compare",
        "/answers",
        "/answers?q=brown",
        "/answers/3f9a0c1d2e4b5a6c7d8e", // the permalink: /answers/42 would be a 308 redirect
        "/models/7",
        "/questions/12",
        "/api/rates?set=set-a",
      ];
      const tableRows = result.stdout.split("\n").filter((line) => line.startsWith("|"));
      expect(cells(tableRows[0])).toEqual([...RESULT_COLUMNS]);
      const bodyRows = tableRows.slice(2).map(cells);
      expect(bodyRows.map((row) => row[0])).toEqual(expectedPaths);
      expect(bodyRows.at(-1)?.[11]).toMatch(/^[\d,]+ \(503×[\d,]+\)$/);
      for (const row of bodyRows.slice(0, -1)) expect(row[11]).toBe("0");
      for (const row of bodyRows) expect(row[12]).toMatch(/^[\d.]+ MB → [\d.]+ MB \([+−]\d+\)$/);
      expect(result.stdout).toContain("1 of 8 paths miss the bar");
      expect(result.stdout).toMatch(/- \/api\/rates\?set=set-a: .*non-2xx \(503×/);
      expect(result.stderr).toContain('{word} = "brown" (in 2 of the first page\'s 2 answers; the search finds 2 of 2 answers)');

      const report = JSON.parse(fs.readFileSync(jsonFile, "utf8")) as { results: PathResult[]; autocannon: unknown[] };
      expect(report.results.map((row) => row.path)).toEqual(expectedPaths);
      expect(report.autocannon).toHaveLength(8);
      for (const row of report.results) {
        expect(row.connections).toBe(2);
        expect(row.durationSeconds).toBeGreaterThan(0.9);
        expect(row.durationSeconds).toBeLessThan(3);
        expect(row.requests).toBeGreaterThan(0);
        expect(row.errors + row.timeouts).toBe(0);
        expect(row.openAtEnd).toBeLessThanOrEqual(2); // at most one per connection
        expect(row.rssBeforeBytes).toBeGreaterThan(10e6); // this test process: tens of MB at least
        expect(row.rssAfterBytes).toBeGreaterThan(10e6);
        if (row.path.startsWith("/api/rates")) {
          expect(row.non2xx).toBe(row.requests);
          expect(row.statusCodes).toEqual({ "503": row.requests });
        } else {
          expect(row.non2xx).toBe(0);
        }
      }
      // the server really got the filled-in paths
      for (const expected of expectedPaths) expect(requested).toContain(expected);
    } finally {
      fs.rmSync(jsonFile, { force: true });
    }
  });

  it("exits 0 without --check whatever the numbers, with only the paths given", async () => {
    const result = await loadtest(["--url", `${baseUrl}/`, "--connections", "2", "--duration", "1", "--paths", "/api/rates,/compare"]);
    expect(result.code, result.stderr).toBe(0);
    const bodyRows = result.stdout
      .split("\n")
      .filter((line) => line.startsWith("|"))
      .slice(2)
      .map(cells);
    expect(bodyRows.map((row) => row[0])).toEqual(["/api/rates", "/compare"]);
    expect(bodyRows.map((row) => row[12])).toEqual(["—", "—"]); // no --pid: no RSS
    expect(result.stderr).not.toContain("/api/models"); // no placeholder: no discovery
  });

  it("refuses a URL off this machine in one line, exit 2, before sending anything", async () => {
    const before = requested.length;
    for (const url of ["http://192.0.2.10:3000", "http://example.com"]) {
      const result = await loadtest(["--url", url, "--duration", "1"]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain(`Refusing --url ${url}: the load test runs against this machine only`);
    }
    expect(requested.length).toBe(before);
  });
});
