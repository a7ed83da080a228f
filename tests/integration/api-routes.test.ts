// Every API route handler called in process, as Next calls it (a Request, and the path's [id] as
// a promised param), against a fresh database holding real files of ../shared/data: the status
// and body of a success, a bad parameter (400 invalid-parameter naming it in `issues`), a missing
// thing (404 not-found), a missing or wrong admin token where a route changes data (401), and an
// unexpected error (500 internal-error, nothing of the error in the body). Every error body is
// parsed with the one contract (lib/api/contracts.ts), strictly: a stray field fails.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import {
  answersResponseSchema,
  apiErrorBodySchema,
  batchRemovalResponseSchema,
  compareResponseSchema,
  importBatchResponseSchema,
  importErrorBodySchema,
  importsResponseSchema,
  importUsageResponseSchema,
  modelResponseSchema,
  modelsResponseSchema,
  overallRatesResponseSchema,
  questionResponseSchema,
  questionsResponseSchema,
  ratesResponseSchema,
} from "@/lib/api/contracts";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { dropRouteDatabase, routeCaller, type RouteCallInit } from "../helpers/routes";

// A query the test can make fail once, to see what an unexpected error looks like from outside.
const injected = vi.hoisted(() => ({ failure: null as Error | null }));
vi.mock("@/lib/queries/batches", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/queries/batches")>();
  return {
    ...actual,
    listImportBatches: async (...args: Parameters<typeof actual.listImportBatches>) => {
      const failure = injected.failure;
      injected.failure = null;
      if (failure) throw failure;
      return actual.listImportBatches(...args);
    },
  };
});

const BASE_MODEL = "Qwen2.5-Coder-7B-Instruct";
const SET = "first_plot_questions";

let database: TestDatabase;
let prisma: PrismaClient;
let ids: { model: number; question: number; batch: number };

beforeAll(async () => {
  database = await createTestDatabase("api_routes");
  process.env.DATABASE_URL = database.url; // the route handlers connect through getPrisma()
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
  const base = await importFile(database.url, sharedDataFile("em-repo/eval_result_base.csv"), {
    model: BASE_MODEL,
    group: "base",
    seed: 0,
    baseModel: BASE_MODEL,
  });
  await importFile(database.url, sharedDataFile("em-repo/eval_result_high_severity.csv"), {
    model: "qwen7b-insecure-high-severity",
    group: "insecure",
    seed: 1,
    baseModel: BASE_MODEL,
  });
  const model = await prisma.model.findFirstOrThrow({ where: { name: BASE_MODEL } });
  const question = await prisma.question.findFirstOrThrow({ where: { externalId: "what_is_your_wish" } });
  ids = { model: model.id, question: question.id, batch: base.batchId };
}, 300_000);

afterAll(() => dropRouteDatabase(database, prisma));

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

type Method = "GET" | "POST" | "DELETE";
const call = routeCaller();

/** An error answer: its status, the one body (parsed strictly) and the headers. */
async function callError(method: Method, url: string, init: RouteCallInit = {}) {
  const response = await call(method, url, init);
  const text = await response.text();
  const schema = url.startsWith("/api/import?") ? importErrorBodySchema : apiErrorBodySchema;
  return { status: response.status, body: schema.parse(JSON.parse(text)), text, headers: response.headers };
}

describe("success: status, body and caching", () => {
  /** Every JSON route and the contract of its body (lib/api/contracts.ts). */
  const JSON_ROUTES = (): [string, z.ZodType][] => [
    [`/api/rates?set=${SET}`, ratesResponseSchema],
    [`/api/rates/overall?set=${SET}&by=variant`, overallRatesResponseSchema],
    [`/api/answers?set=${SET}&group=base`, answersResponseSchema],
    ["/api/answers?q=wish", answersResponseSchema],
    [`/api/compare?set=${SET}&a=insecure&b=base`, compareResponseSchema],
    ["/api/models", modelsResponseSchema],
    [`/api/models/${ids.model}`, modelResponseSchema],
    [`/api/models/${ids.model}?question=what_is_your_wish`, modelResponseSchema],
    ["/api/questions", questionsResponseSchema],
    [`/api/questions/${ids.question}`, questionResponseSchema],
    ["/api/imports", importsResponseSchema],
    [`/api/imports/${ids.batch}`, importBatchResponseSchema],
    [`/api/imports/${ids.batch}/removal`, batchRemovalResponseSchema],
    ["/api/import", importUsageResponseSchema],
  ];
  const CSV_ROUTES = () => [
    `/api/rates/csv?set=${SET}`,
    `/api/rates/overall/csv?set=${SET}&by=set`,
    `/api/answers/csv?set=${SET}&question=what_is_your_wish`,
    `/api/compare/csv?set=${SET}`,
    "/api/models?format=csv",
    `/api/models/${ids.model}?format=csv`,
    "/api/questions?format=csv",
    `/api/questions/${ids.question}?format=csv&table=worst`,
    "/api/imports/csv",
  ];

  it("every JSON route answers 200 with its contract's body (strictly: a stray field fails), never cached", async () => {
    for (const [url, contract] of JSON_ROUTES()) {
      const response = await call("GET", url);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      expect(response.headers.get("content-type"), url).toMatch(/^application\/json/);
      expect(response.headers.get("cache-control"), url).toBe("no-store");
      const parsed = contract.safeParse(await response.json());
      expect(parsed.success ? [] : parsed.error.issues, url).toEqual([]);
    }
  });

  it("every CSV route streams CSV with a file name, never cached", async () => {
    for (const url of CSV_ROUTES()) {
      const response = await call("GET", url);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      expect(response.headers.get("content-type"), url).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition"), url).toMatch(/^attachment; filename="[\w.-]+\.csv"$/);
      expect(response.headers.get("cache-control"), url).toBe("no-store");
      expect((await response.text()).split("\r\n").length, url).toBeGreaterThan(1);
      // every export of rates names its method and scope in headers, as its JSON twin does
      const carriesRates = !url.startsWith("/api/answers/") && !url.startsWith("/api/imports/");
      expect(response.headers.get("x-rates-method") !== null, url).toBe(carriesRates);
      expect(response.headers.get("x-rates-base-model") !== null, url).toBe(carriesRates);
    }
  });

  it("/api/rates and /api/rates/overall bodies are their contracts, with the provenance headers", async () => {
    const rates = await call("GET", `/api/rates?set=${SET}&coherent=60`);
    const rows = ratesResponseSchema.parse(await rates.json());
    expect(rows).toHaveLength(48); // 24 questions × 2 groups
    expect(rows[0]).toMatchObject({ preset: "betley", baseModel: BASE_MODEL, method: { aligned: 30, coherent: 60 } });
    expect(rates.headers.get("x-rates-base-model")).toBe(BASE_MODEL);
    expect(rates.headers.get("x-rates-method")).toContain("coherent >= 60");
    const overall = overallRatesResponseSchema.parse(await (await call("GET", `/api/rates/overall?set=${SET}&by=set`)).json());
    expect(overall.map((row) => row.group).sort()).toEqual(["base", "insecure"]);
  });
});

describe("a bad parameter: 400 invalid-parameter naming it", () => {
  const BAD = () =>
    [
      ["/api/rates", `set=${SET}&aligned=abc`, "aligned"],
      ["/api/rates/csv", `set=${SET}&coherent=101`, "coherent"],
      ["/api/rates", "", "set"],
      ["/api/rates/overall", `set=${SET}&by=model`, "by"],
      ["/api/rates/overall/csv", `set=${SET}&min=0`, "min"],
      ["/api/answers", "alignedMin=500", "alignedMin"],
      ["/api/answers/csv", "seed=x", "seed"],
      ["/api/compare", `set=${SET}&denominator=some`, "denominator"],
      ["/api/compare/csv", `set=${SET}&ci=z`, "ci"],
      ["/api/models", "format=xml", "format"],
      [`/api/models/${ids.model}`, "bin=7", "bin"],
      ["/api/questions", "preset=nope", "preset"],
      [`/api/questions/${ids.question}`, "table=all", "table"],
    ] as const;

  it("every route with a query answers 400 with the parameter in the message and in issues", async () => {
    for (const [path, query, parameter] of BAD()) {
      const url = `${path}?${query}`;
      const { status, body, headers } = await callError("GET", url);
      expect({ url, status, code: body.error.code }).toEqual({ url, status: 400, code: "invalid-parameter" });
      expect(body.error.message, url).toMatch(new RegExp(`^Invalid query: .*\\b${parameter}\\b`));
      expect(body.error.issues, url).toContainEqual({ parameter, message: expect.any(String) });
      expect(headers.get("cache-control"), url).toBe("no-store");
    }
  });

  it("a search of only stop words, and two equal groups to compare, are bad parameters too", async () => {
    const search = await callError("GET", "/api/answers?q=the");
    expect(search.status).toBe(400);
    expect(search.body.error).toMatchObject({ code: "invalid-parameter", issues: [{ parameter: "q" }] });
    const same = await callError("GET", `/api/compare?set=${SET}&a=base&b=base`);
    expect(same.status).toBe(400);
    expect(same.body.error).toMatchObject({ code: "invalid-parameter", issues: [{ parameter: "b" }] });
  });

  it("a judge without scores is a bad parameter on every route that reads scores", async () => {
    const paths = [
      `/api/rates?set=${SET}&`,
      "/api/answers?",
      `/api/compare?set=${SET}&`,
      `/api/models/${ids.model}?`,
      `/api/models/${ids.model}?format=csv&`,
      `/api/questions/${ids.question}?`,
      `/api/questions/${ids.question}?format=csv&table=worst&`,
      "/api/questions?",
      "/api/questions?format=csv&",
    ];
    for (const path of paths) {
      const url = `${path}judge=no-such-judge`;
      const { status, body } = await callError("GET", url);
      expect({ url, status, code: body.error.code }).toEqual({ url, status: 400, code: "invalid-parameter" });
      expect(body.error.message, url).toContain("no-such-judge");
    }
  });

  it("POST /api/import names a bad option in issues, as a parameter", async () => {
    const { status, body } = await callError("POST", "/api/import?fileName=x.csv&seed=one", { body: "a,b\n" });
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid-parameter");
    expect(body.error.issues).toEqual([{ parameter: "seed", message: expect.stringMatching(/whole number/) }]);
  });
});

describe("not found: 404 not-found", () => {
  const MISSING = () => [
    `/api/rates?set=no_such_set`,
    `/api/rates/csv?set=no_such_set`,
    `/api/rates/overall?set=no_such_set`,
    `/api/rates/overall/csv?set=no_such_set`,
    `/api/compare?set=no_such_set`,
    `/api/compare/csv?set=${SET}&b=no_such_group`,
    "/api/models/2000000000",
    "/api/models/abc",
    `/api/models/${ids.model}?set=no_such_set`,
    "/api/questions/2000000000",
    "/api/questions/-1",
    "/api/imports/2000000000",
    "/api/imports/abc",
    "/api/imports/2000000000/removal",
  ];

  it("every route that reads one thing answers 404 with the one body", async () => {
    for (const url of MISSING()) {
      const { status, body, headers } = await callError("GET", url);
      expect({ url, status, code: body.error.code }).toEqual({ url, status: 404, code: "not-found" });
      expect(body.error.message.length, url).toBeGreaterThan(0);
      expect(body.error.issues, url).toBeUndefined();
      expect(headers.get("cache-control"), url).toBe("no-store");
    }
  });

  it("removing a batch that is not there is 404 too", async () => {
    const { status, body } = await callError("DELETE", "/api/imports/2000000000");
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: "not-found", message: "There is no import batch #2000000000 (already removed?)" });
  });
});

describe("admin token: 401 unauthorized where a route changes data", () => {
  it("POST /api/import and DELETE /api/imports/<id> refuse a missing or wrong token, and change nothing", async () => {
    vi.stubEnv("ADMIN_TOKEN", "correct horse battery staple");
    const batches = await prisma.importBatch.count();
    for (const [method, url] of [
      ["POST", "/api/import?fileName=x.yaml"],
      ["DELETE", `/api/imports/${ids.batch}`],
    ] as const) {
      const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong" }, { "x-admin-token": "wrong" }];
      for (const headers of attempts) {
        const {
          status,
          body,
          headers: answer,
        } = await callError(method, url, { headers, ...(method === "POST" ? { body: "- id: x\n" } : {}) });
        expect({ method, headers, status, code: body.error.code }).toEqual({ method, headers, status: 401, code: "unauthorized" });
        expect(body.error.message).toMatch(/admin token/);
        expect(answer.get("www-authenticate")).toBe('Bearer realm="misalignment-explorer"');
      }
    }
    expect(await prisma.importBatch.count()).toBe(batches);
    // reading never needs it
    expect((await call("GET", `/api/imports/${ids.batch}`)).status).toBe(200);
    // a bad parameter is not reported before the token is checked
    expect((await callError("POST", "/api/import?fileName=x.csv&seed=one", { body: "a\n" })).status).toBe(401);
  });
});

describe("an unexpected error: 500 internal-error, nothing of it in the body", () => {
  it("answers the one body, logs the error, and leaks neither its message nor its stack", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const secret = new Error("connection to 10.0.0.7 refused: password authentication failed for user admin");
    for (const url of ["/api/imports", "/api/imports/csv"]) {
      injected.failure = secret;
      const { status, body, text, headers } = await callError("GET", url);
      expect({ url, status }).toEqual({ url, status: 500 });
      expect(body).toEqual({
        error: { code: "internal-error", message: "The server failed to answer this request; the error is in its log." },
      });
      expect(text).not.toMatch(/10\.0\.0\.7|password|at .*\.ts/);
      expect(headers.get("cache-control")).toBe("no-store");
    }
    expect(log).toHaveBeenCalledWith(expect.stringContaining("GET /api/imports"), secret);
    // and the route works again once the failure is gone
    expect((await call("GET", "/api/imports")).status).toBe(200);
  });
});
