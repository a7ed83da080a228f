// Hostile query params answer 400 naming the parameter, never 500 (issue 15, item 10). Before the
// checks in lib/params/common.ts a NUL byte (%00) in set/model/group/question/q/base reached
// PostgreSQL ("invalid byte sequence for encoding UTF8: 0x00" → 500), `cursor=1e308:1&sort=sample`
// overflowed the ::int cast (500), and a 9,000-character /api/rates `set` answered "set is required".
// The route handlers are called directly, as Next calls them, against a fresh database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { dropRouteDatabase } from "../helpers/routes";
import { apiErrorBodySchema } from "@/lib/api/contracts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase("params_hostile");
  process.env.DATABASE_URL = database.url; // the route handlers connect through getPrisma()
});
afterAll(() => dropRouteDatabase(database));

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

/** Each endpoint that reads text params: its module, path, a query that gets past its other checks, and its text params. */
const ENDPOINTS: { module: string; path: string; prefix: string; params: string[] }[] = [
  { module: "@/app/api/rates/route", path: "/api/rates", prefix: "set=s&", params: ["set", "base", "groups"] },
  { module: "@/app/api/rates/csv/route", path: "/api/rates/csv", prefix: "set=s&", params: ["set", "base", "groups"] },
  { module: "@/app/api/rates/overall/route", path: "/api/rates/overall", prefix: "set=s&", params: ["set", "base", "groups"] },
  { module: "@/app/api/rates/overall/csv/route", path: "/api/rates/overall/csv", prefix: "set=s&", params: ["set", "base", "groups"] },
  { module: "@/app/api/answers/route", path: "/api/answers", prefix: "", params: ["set", "model", "group", "question", "q", "base"] },
  {
    module: "@/app/api/answers/csv/route",
    path: "/api/answers/csv",
    prefix: "",
    params: ["set", "model", "group", "question", "q", "base"],
  },
  { module: "@/app/api/compare/route", path: "/api/compare", prefix: "", params: ["set", "a", "b", "base"] },
  { module: "@/app/api/compare/csv/route", path: "/api/compare/csv", prefix: "", params: ["set", "a", "b", "base"] },
  // a and b are sources (default, reviewers, judge:NAME): their hostile values are in tests/unit/judges-params.test.ts
  { module: "@/app/api/judges/route", path: "/api/judges", prefix: "", params: ["set", "group", "question", "base"] },
  { module: "@/app/api/sweep/route", path: "/api/sweep", prefix: "", params: ["set", "base"] },
  { module: "@/app/api/sweep/csv/route", path: "/api/sweep/csv", prefix: "", params: ["set", "base"] },
  { module: "@/app/api/models/route", path: "/api/models", prefix: "", params: ["group", "base"] },
  { module: "@/app/api/models/[id]/route", path: "/api/models/1", prefix: "", params: ["set", "question", "base"] },
  { module: "@/app/api/questions/route", path: "/api/questions", prefix: "", params: ["base"] },
  { module: "@/app/api/questions/[id]/route", path: "/api/questions/1", prefix: "", params: ["base"] },
];

async function call(route: string, url: string): Promise<{ status: number; error: string }> {
  const { GET } = (await import(route)) as { GET: Handler };
  const response = await GET(new Request(`http://localhost${url}`), { params: Promise.resolve({ id: "1" }) });
  const error = response.status === 400 ? apiErrorBodySchema.parse(await response.json()).error.message : "";
  return { status: response.status, error };
}

describe("hostile text params answer 400 naming the parameter", () => {
  for (const { module, path, prefix, params } of ENDPOINTS) {
    it(`${path}: a NUL byte and a 9,000-character value`, async () => {
      for (const param of params) {
        const rest = param === "set" ? prefix.replace(/^set=s&/, "") : prefix;
        const nul = await call(module, `${path}?${rest}${param}=a%00b`);
        expect({ param, ...nul }).toEqual({
          param,
          status: 400,
          error: expect.stringContaining(`${param} must not contain a NUL character`),
        });
        const long = await call(module, `${path}?${rest}${param}=${"x".repeat(9000)}`);
        expect({ param, ...long }).toEqual({
          param,
          status: 400,
          error: expect.stringMatching(new RegExp(`${param} (must be at most \\d+ characters|is too long)`)),
        });
      }
    });
  }
});

describe("page cursors the sort cannot hold answer 400", () => {
  for (const cursor of ["1e308:1", "-1e308:1", "3000000000:1", "1e20:1"]) {
    for (const key of ["cursor", "before"]) {
      it(`/api/answers?sort=sample&${key}=${cursor}`, async () => {
        for (const route of ["@/app/api/answers/route", "@/app/api/answers/csv/route"]) {
          const result = await call(route, `/api/answers?sort=sample&${key}=${cursor}`);
          if (route.endsWith("csv/route"))
            expect(result.status).not.toBe(500); // the CSV ignores paging
          else expect(result).toEqual({ status: 400, error: `Invalid query: ${key} is not a valid page cursor for the sample sort` });
        }
      });
    }
  }

  it("int4 bounds still page (the largest sample cursor is valid); a score cursor may be any finite double", async () => {
    expect((await call("@/app/api/answers/route", "/api/answers?sort=sample&cursor=2147483647:1")).status).toBe(200);
    expect((await call("@/app/api/answers/route", "/api/answers?sort=sample&cursor=-2147483648:1")).status).toBe(200);
    expect((await call("@/app/api/answers/route", "/api/answers?sort=aligned&cursor=1e308:1")).status).toBe(200);
    expect((await call("@/app/api/answers/route", "/api/answers?sort=coherent&dir=desc&cursor=-1e308:1")).status).toBe(200);
  });
});

describe("hostile [id] path segments answer 404, never 500", () => {
  const ROUTES = [
    "@/app/api/models/[id]/route",
    "@/app/api/questions/[id]/route",
    "@/app/api/imports/[id]/route",
    "@/app/api/imports/[id]/removal/route",
  ];
  for (const route of ROUTES) {
    it(`${route.replace("@/app", "").replace("/route", "")}: NUL, 9,000 characters, out of int4, not a number`, async () => {
      const { GET } = (await import(route)) as { GET: Handler };
      for (const id of ["a\0b", "\0", "1\0", "x".repeat(9000), "9".repeat(9000), "2147483648", "-1", "1e3", " 1"]) {
        const response = await GET(new Request("http://localhost/"), { params: Promise.resolve({ id }) });
        expect({ id: id.slice(0, 20), status: response.status }).toEqual({ id: id.slice(0, 20), status: 404 });
      }
    });
  }
});
