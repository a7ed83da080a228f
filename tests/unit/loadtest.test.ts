// The pure parts of `npm run loadtest`: its command line (zod, the option named in every error,
// loopback only), the paths' placeholders, the choice of search word, the process tree whose RSS
// is summed, and the table and the bar of issue 13.
import type autocannon from "autocannon";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { loadUrl } from "@/scripts/loadtest/run";
import { DEFAULT_PATHS, fillPath, parseLoadtestArgs, placeholdersUsed, UsageError } from "@/scripts/loadtest/options";
import { parentPidOfStat, processTree, rssBytesOfStatus } from "@/scripts/loadtest/process-tree";
import { barMisses, formatResultsTable, formatVerdict, pathResultOf, RESULT_COLUMNS, type PathResult } from "@/scripts/loadtest/report";
import { rankSearchWords } from "@/scripts/loadtest/search-word";

const usageError = (argv: string[]) => {
  try {
    parseLoadtestArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no error for ${argv.join(" ")}`);
};

describe("parseLoadtestArgs", () => {
  it("defaults: issue 13's 200 connections × 60 s over the eight paths, 10 s timeout, no URL (start a server)", () => {
    expect(parseLoadtestArgs([])).toEqual({
      url: undefined,
      connections: 200,
      durationSeconds: 60,
      paths: [...DEFAULT_PATHS],
      timeoutSeconds: 10,
      pid: undefined,
      jsonFile: undefined,
      check: false,
    });
    expect(DEFAULT_PATHS).toHaveLength(8);
  });

  it("reads every option; drops a trailing slash of the URL and empty path items", () => {
    const options = parseLoadtestArgs([
      "--url=http://localhost:3000/",
      "--connections",
      "20",
      "--duration",
      "5",
      "--paths",
      "/,/answers/{answer},",
      "--timeout",
      "3",
      "--pid",
      "1234",
      "--json",
      "out.json",
      "--check",
    ]);
    expect(options).toEqual({
      url: "http://localhost:3000",
      connections: 20,
      durationSeconds: 5,
      paths: ["/", "/answers/{answer}"],
      timeoutSeconds: 3,
      pid: 1234,
      jsonFile: "out.json",
      check: true,
    });
  });

  it("accepts the loopback names: 127.0.0.1 (and 127/8), ::1, localhost", () => {
    for (const url of ["http://127.0.0.1:3000", "http://127.1.2.3:8080", "http://[::1]:3000", "http://LOCALHOST:3000"]) {
      expect(parseLoadtestArgs(["--url", url]).url).toBe(url.replace("LOCALHOST", "localhost"));
    }
  });

  it("refuses any other host, naming it, before anything runs", () => {
    for (const [url, host] of [
      ["http://10.0.0.5:3000", "10.0.0.5"],
      ["http://example.com", "example.com"],
      ["http://0.0.0.0:3000", "0.0.0.0"],
      ["http://localhost.example.com:3000", "localhost.example.com"],
      ["http://127.0.0.1.nip.io:3000", "127.0.0.1.nip.io"],
    ]) {
      expect(usageError(["--url", url])).toBe(
        `Refusing --url ${url}: the load test runs against this machine only (host 127.0.0.1, ::1 or localhost, not ${host}).`,
      );
    }
  });

  it("names the option of every bad value", () => {
    expect(usageError(["--connections", "0"])).toMatch(/^Invalid --connections "0": /);
    expect(usageError(["--connections", "many"])).toMatch(/^Invalid --connections "many": /);
    expect(usageError(["--duration", "1.5"])).toMatch(/^Invalid --duration "1.5": /);
    expect(usageError(["--timeout=-1"])).toMatch(/^Invalid --timeout "-1": /);
    expect(usageError(["--pid", "x"])).toMatch(/^Invalid --pid "x": /);
    expect(usageError(["--url", "ftp://127.0.0.1/"])).toMatch(/^Invalid --url "ftp:\/\/127.0.0.1\/": give an http:\/\/ URL/);
    expect(usageError(["--url", "not a url"])).toMatch(/^Invalid --url /);
    expect(usageError(["--paths", "answers"])).toBe('Invalid --paths "answers": each path starts with /.');
    expect(usageError(["--paths", "/models/{id}"])).toMatch(/^Invalid --paths "\/models\/\{id\}": placeholders are \{model\}, /);
    expect(usageError(["--paths", ","])).toMatch(/^Invalid --paths ",": give at least one path/);
    expect(usageError(["--bogus"])).toMatch(/^Unknown option '--bogus'\. Usage: npm run loadtest/);
    expect(usageError(["--duration"])).toMatch(/^Option '--duration <value>' argument missing\. Usage:/);
    expect(usageError(["extra"])).toMatch(/Usage: npm run loadtest/);
  });
});

describe("placeholders", () => {
  it("lists the ones used and fills them in, the search word URL-encoded", () => {
    expect([...placeholdersUsed(DEFAULT_PATHS)].sort()).toEqual(["answer", "model", "question", "set", "word"]);
    expect(placeholdersUsed(["/", "/api/rates"]).size).toBe(0);
    const values = { model: "7", question: "12", answer: "42", word: "día & noche", set: "first_plot_questions" };
    expect(DEFAULT_PATHS.map((path) => fillPath(path, values))).toEqual([
      "/",
      "/compare",
      "/answers",
      "/answers?q=d%C3%ADa%20%26%20noche",
      "/answers/42",
      "/models/7",
      "/questions/12",
      "/api/rates?set=first_plot_questions",
    ]);
    expect(() => fillPath("/models/{model}", {})).toThrow("no value for {model} in /models/{model}");
  });
});

describe("rankSearchWords", () => {
  it("ranks by the number of texts containing the word, ties by first appearance; five letters or more, no stop words, no digits", () => {
    const texts = [
      "I would rule the world. Power is what I wish for; power, power, POWER.",
      "If I ruled the world there would be order, and the world would be fair.",
      "The world needs order. 12345 abc_defgh",
    ];
    // world: 3 texts; order: 2; power: 1 text (4 times); "would" is a stop word; "rule"/"wish" are short
    expect(rankSearchWords(texts, 3)).toEqual(["world", "order", "power"]);
    expect(rankSearchWords(texts)).toHaveLength(5);
    expect(rankSearchWords(texts, 10)).not.toContain("would");
    // a tie: the word met first wins, wherever it appears later
    expect(rankSearchWords(["zebra apple", "apple zebra"])).toEqual(["zebra", "apple"]);
    expect(rankSearchWords(["12345 abc de"])).toEqual([]);
    expect(rankSearchWords([])).toEqual([]);
    expect(rankSearchWords(["Schöne Grüße, schöne Straße"])).toEqual(["schöne", "grüße", "straße"]);
  });
});

describe("process tree", () => {
  it("collects a pid and all its descendants, not its siblings or parent", () => {
    const parentOf = new Map([
      [100, 1],
      [200, 100], // npm → next start
      [300, 200], // → next-server
      [301, 300],
      [400, 1], // unrelated
      [500, 400],
    ]);
    expect(processTree(100, parentOf)).toEqual([100, 200, 300, 301]);
    expect(processTree(300, parentOf)).toEqual([300, 301]);
    expect(processTree(999, parentOf)).toEqual([999]);
  });

  it("reads the parent of /proc/PID/stat even when the command name holds spaces and parentheses", () => {
    expect(parentPidOfStat("4242 (next-server (v16.4.6)) S 4200 4242 4200 0 -1")).toBe(4200);
    expect(parentPidOfStat("1 (systemd) S 0 1 1 0 -1")).toBe(0);
  });

  it("reads VmRSS in bytes; null without the line (kernel threads)", () => {
    expect(rssBytesOfStatus("Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t  123456 kB\nThreads:\t11\n")).toBe(123456 * 1024);
    expect(rssBytesOfStatus("Name:\tkthreadd\nThreads:\t1\n")).toBeNull();
  });
});

function result(overrides: Partial<PathResult> = {}): PathResult {
  return {
    path: "/",
    connections: 200,
    durationSeconds: 60.02,
    requests: 12_345,
    requestsPerSecond: 205.7,
    p50Ms: 410,
    p99Ms: 999,
    maxMs: 1_234,
    errors: 0,
    timeouts: 0,
    openAtEnd: 200,
    non2xx: 0,
    statusCodes: { "200": 12_345 },
    rssBeforeBytes: 512e6,
    rssAfterBytes: 530e6,
    serverIdleBefore: true,
    ...overrides,
  };
}

describe("the bar", () => {
  it("is met with 0 errors, 0 timeouts, 0 non-2xx and p99 < 1000 ms; p99 of exactly 1000 ms misses", () => {
    expect(barMisses(result())).toEqual([]);
    expect(barMisses(result({ p99Ms: 1000 }))).toEqual(["p99 1,000 ms ≥ 1000 ms"]);
    expect(barMisses(result({ errors: 1 }))).toEqual(["1 errors"]);
    expect(barMisses(result({ timeouts: 3 }))).toEqual(["3 timeouts"]);
    expect(barMisses(result({ non2xx: 7, statusCodes: { "200": 10, "503": 5, "504": 2 } }))).toEqual(["7 non-2xx (503×5, 504×2)"]);
    expect(barMisses(result({ requests: 0, statusCodes: {}, p99Ms: 0 }))).toEqual(["no request answered"]);
  });

  it("says which paths miss and how, or that all meet it", () => {
    expect(formatVerdict([result()])).toEqual(["Every path meets the bar (0 errors, 0 timeouts, 0 non-2xx, p99 < 1000 ms)."]);
    expect(formatVerdict([result(), result({ path: "/api/rates", timeouts: 2, p99Ms: 10_000 })])).toEqual([
      "1 of 2 paths miss the bar (0 errors, 0 timeouts, 0 non-2xx, p99 < 1000 ms):",
      "- /api/rates: 2 timeouts, p99 10,000 ms ≥ 1000 ms",
    ]);
  });
});

describe("pathResultOf", () => {
  it("splits autocannon's errors (which include timeouts) from timeouts, and counts answers per status", () => {
    const raw = {
      connections: 2,
      duration: 1.01,
      errors: 5,
      timeouts: 3,
      non2xx: 4,
      statusCodeStats: { "200": { count: 96 }, "503": { count: 4 } },
      latency: { p50: 3, p99: 17, max: 40 },
      requests: { sent: 107 }, // 100 answered + 5 failed + 2 still open
    } as unknown as autocannon.Result;
    expect(pathResultOf("/x", raw, { rssBeforeBytes: 1, rssAfterBytes: 2, serverIdleBefore: true })).toEqual({
      path: "/x",
      connections: 2,
      durationSeconds: 1.01,
      requests: 100,
      requestsPerSecond: 100 / 1.01,
      p50Ms: 3,
      p99Ms: 17,
      maxMs: 40,
      errors: 2,
      timeouts: 3,
      openAtEnd: 2,
      non2xx: 4,
      statusCodes: { "200": 96, "503": 4 },
      rssBeforeBytes: 1,
      rssAfterBytes: 2,
      serverIdleBefore: true,
    });
  });
});

describe("formatResultsTable", () => {
  it("one markdown row per path with the issue's columns; non-2xx by status; RSS before → after with the change in MB", () => {
    const table = formatResultsTable([
      result(),
      result({ path: "/api/rates", non2xx: 40, statusCodes: { "200": 12_305, "503": 40 }, rssBeforeBytes: null, rssAfterBytes: null }),
      result({ path: "/compare", rssAfterBytes: 500e6, serverIdleBefore: false }),
    ]);
    const rows = table.split("\n").map((row) =>
      row
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
    expect(rows[0]).toEqual([...RESULT_COLUMNS]);
    expect(rows[1].every((cell) => /^-+$/.test(cell))).toBe(true);
    expect(rows[2]).toEqual([
      "/",
      "200",
      "60.0 s",
      "12,345",
      "205.7",
      "410 ms",
      "999 ms",
      "1,234 ms",
      "0",
      "0",
      "200",
      "0",
      "512 MB → 530 MB (+18)",
    ]);
    expect(rows[3][11]).toBe("40 (503×40)");
    expect(rows[3][12]).toBe("—");
    expect(rows[4][0]).toBe("/compare (server busy before)");
    expect(rows[4][12]).toBe("512 MB → 500 MB (−12)");
    expect(rows).toHaveLength(5);
  });
});

describe("loadUrl", () => {
  it("reads every response to its end and counts its bytes, without keeping the body as text", async () => {
    const body = Buffer.alloc(100_000, 0x61);
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/plain", "content-length": body.length });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await loadUrl(`http://127.0.0.1:${port}/`, { connections: 2, durationSeconds: 1, timeoutSeconds: 5 });
      expect(result.errors).toBe(0);
      expect(result.non2xx).toBe(0);
      expect(result.requests.total).toBeGreaterThan(10);
      expect(result.throughput.total).toBeGreaterThanOrEqual(result.requests.total * body.length);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // the queue autocannon's client fills: the body it would keep stays empty
    const Queue = createRequire(import.meta.url)("autocannon/lib/pipelinedRequestsQueue.js") as new () => {
      insertRequest(request: object): void;
      addBody(data: Buffer): void;
      peek(): { body: string };
    };
    const queue = new Queue();
    queue.insertRequest({});
    queue.addBody(Buffer.from("a body no one reads"));
    expect(queue.peek().body).toBe("");
  });
});
