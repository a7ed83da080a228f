// Reviewers and collections (issue 11, items 3 and 5) against the real PostgreSQL and real files of
// ../shared/data: the reviewer CLI's token works and is nowhere in the database; every collection
// write without a valid reviewer token (none, wrong, disabled) is 401 and writes nothing; a reviewer
// token does not open the import and batch-removal routes; create / rename / add / remove / delete
// through the route handlers in process; the CSV and JSON exports equal the items with their
// scores; an item whose answer's batch is removed stays, shown as removed.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiErrorBodySchema } from "@/lib/api/contracts";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { isCounted, isMisaligned, DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";
import { sharedDataFile } from "../helpers/database";
import { routeCaller, type Route, type RouteMethod } from "../helpers/routes";
import { readCsvRecords } from "./import-helpers";
import { BASE_MODEL, createReviewDatabase, dropReviewDatabase, RESULTS_FILE, type ReviewDatabase } from "./review-helpers";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/tsx/dist/cli.mjs");

let review: ReviewDatabase;
let database: ReviewDatabase["database"];
let prisma: PrismaClient;
let evalBatch: number;
let examplesBatch: number;
/** tokens made by the CLI */
let alice: string;
let bob: string;

async function reviewerCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [TSX, "--conditions=react-server", "scripts/reviewer.ts", ...args], {
      env: { ...process.env, DATABASE_URL: database.url },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function addReviewer(name: string): Promise<string> {
  const { code, stdout, stderr } = await reviewerCli("add", name);
  expect(code, stderr).toBe(0);
  const token = /^token: (\S+)$/m.exec(stdout)?.[1];
  if (!token) throw new Error(`no token in: ${stdout}`);
  return token;
}

beforeAll(async () => {
  review = await createReviewDatabase("collections");
  ({ database, prisma, evalBatch } = review);
  examplesBatch = (await importFile(database.url, sharedDataFile(RESULTS_FILE), {})).batchId;
  alice = await addReviewer("alice");
  bob = await addReviewer("bob");
}, 300_000);

afterAll(() => dropReviewDatabase(review));

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The route module of a collection path: /api/collections/x/items/12 → [slug]/items/[answerId]. */
function collectionRouteOf(pathname: string): Route | undefined {
  const collection = /^\/api\/collections\/([^/]+)(?:\/(items)(?:\/([^/]+))?|\/(csv|json))?$/.exec(pathname);
  if (!collection) return undefined;
  const [, slug, items, answerId, format] = collection;
  const rest = items ? (answerId ? "/items/[answerId]" : "/items") : format ? `/${format}` : "";
  return {
    module: `@/app/api/collections/[slug]${rest}/route`,
    params: { slug: decodeURIComponent(slug), ...(answerId ? { answerId: decodeURIComponent(answerId) } : {}) },
  };
}

const call = routeCaller(collectionRouteOf);

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** Everything a collection write could change, to compare before and after a refused one. */
async function snapshot() {
  const [collections, items, versions] = await Promise.all([
    prisma.collection.findMany({ orderBy: { id: "asc" } }),
    prisma.collectionItem.findMany({ orderBy: [{ collectionId: "asc" }, { answerId: "asc" }] }),
    prisma.$queryRaw<{ version: bigint }[]>`SELECT version FROM data_version`,
  ]);
  return { collections, items, version: versions[0].version };
}

async function anyAnswerIds(batchId: number, count: number): Promise<number[]> {
  const rows = await prisma.answer.findMany({ where: { batchId }, orderBy: { id: "asc" }, take: count, select: { id: true } });
  return rows.map((row) => row.id);
}

describe("reviewers", () => {
  it("the CLI prints a token once that works, and the database holds only its sha256", async () => {
    const response = await call("GET", "/api/reviewer", { token: alice });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: "alice" });
    // the x-reviewer-token header works as well
    expect(await (await call("GET", "/api/reviewer", { headers: { "x-reviewer-token": bob } })).json()).toEqual({ name: "bob" });
    expect(alice).toMatch(/^[\w-]{43}$/); // 32 random bytes, base64url
    const row = await prisma.reviewer.findUniqueOrThrow({ where: { name: "alice" } });
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(alice).digest("hex"));
    // the plaintext is in no column of any table (a full dump of the database's text)
    const dump = await prisma.$queryRawUnsafe<{ found: bigint }[]>(
      `SELECT count(*) AS found FROM (SELECT row_to_json(r)::text AS t FROM reviewer r) x WHERE strpos(x.t, $1) > 0`,
      alice,
    );
    expect(Number(dump[0].found)).toBe(0);
    const { stdout } = await reviewerCli("list");
    expect(stdout).toMatch(/^alice\tadded \S+\tactive$/m);
    expect(stdout).not.toContain(alice);
    // a second reviewer of the same name is refused
    expect((await reviewerCli("add", "alice")).code).toBe(1);
  }, 120_000);

  it("GET /api/reviewer without a token or with a wrong one: 401", async () => {
    for (const token of [undefined, "wrong", `${alice}x`]) {
      const response = await call("GET", "/api/reviewer", { token });
      expect(response.status).toBe(401);
      expect(apiErrorBodySchema.parse(await response.json()).error.code).toBe("unauthorized");
    }
  });

  it("with ADMIN_TOKEN set, the import and batch-removal routes refuse a reviewer token in every header", async () => {
    vi.stubEnv("ADMIN_TOKEN", "the-admin-token");
    const batches = await prisma.importBatch.count();
    const attempts: Record<string, string>[] = [
      { authorization: `Bearer ${alice}` },
      { "x-admin-token": alice },
      { "x-reviewer-token": alice },
    ];
    for (const headers of attempts) {
      const imported = await call("POST", "/api/import?fileName=x.yaml", { headers, body: "- id: x\n" });
      expect(imported.status).toBe(401);
      const removed = await call("DELETE", `/api/imports/${examplesBatch}`, { headers });
      expect(removed.status).toBe(401);
    }
    expect(await prisma.importBatch.count()).toBe(batches);
  });
});

describe("collection writes need a valid reviewer token", () => {
  it("none, a wrong one or a disabled reviewer's: 401 on every write, and nothing is written", async () => {
    const created = await call("POST", "/api/collections", { token: alice, body: { name: "Guarded", description: "for the 401 test" } });
    expect(created.status).toBe(201);
    const [answer] = await anyAnswerIds(evalBatch, 1);
    expect((await call("POST", "/api/collections/guarded/items", { token: alice, body: { answerId: answer } })).status).toBe(201);
    const carol = await addReviewer("carol");
    expect((await reviewerCli("disable", "carol")).code).toBe(0);

    const before = await snapshot();
    const writes: [RouteMethod, string, unknown][] = [
      ["POST", "/api/collections", { name: "Sneaky" }],
      ["PATCH", "/api/collections/guarded", { name: "Renamed" }],
      ["POST", "/api/collections/guarded/items", { answerId: answer + 1 }],
      ["DELETE", `/api/collections/guarded/items/${answer}`, undefined],
      ["DELETE", "/api/collections/guarded", undefined],
    ];
    for (const token of [undefined, "not-a-token", carol]) {
      for (const [method, url, body] of writes) {
        const response = await call(method, url, { token, body });
        const error = apiErrorBodySchema.parse(await response.json()).error;
        expect({ method, url, token, status: response.status, code: error.code }).toEqual({
          method,
          url,
          token,
          status: 401,
          code: "unauthorized",
        });
        if (token === carol) expect(error.message).toMatch(/carol.*disabled/);
      }
    }
    expect(await snapshot()).toEqual(before);
  }, 120_000);
});

describe("collections through the route handlers", () => {
  it("create, rename, add, remove, delete", async () => {
    const created = await call("POST", "/api/collections", {
      token: alice,
      body: { name: "Judge wrong", description: "the judge missed these" },
    });
    expect(created.status).toBe(201);
    const { collection } = (await created.json()) as { collection: { slug: string; name: string; createdBy: string; items: number } };
    expect(collection).toMatchObject({ slug: "judge-wrong", name: "Judge wrong", createdBy: "alice", items: 0 });
    // the same name again: a numbered slug, not a clash
    const again = (await json(await call("POST", "/api/collections", { token: bob, body: { name: "Judge  wrong!" } }))) as {
      collection: { slug: string };
    };
    expect(again.collection.slug).toBe("judge-wrong-2");
    // a bad body: 400 naming the field, nothing created
    const bad = await call("POST", "/api/collections", { token: alice, body: { name: "   ", extra: 1 } });
    expect(bad.status).toBe(400);
    const issues = apiErrorBodySchema.parse(await bad.json()).error.issues ?? [];
    expect(issues.map((issue) => ("parameter" in issue ? issue.parameter : ""))).toEqual(expect.arrayContaining(["name"]));
    expect((await call("POST", "/api/collections", { token: alice, body: "{not json" })).status).toBe(400);

    const renamed = await call("PATCH", "/api/collections/judge-wrong", { token: bob, body: { name: "Judge was wrong" } });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { collection: unknown }).collection).toMatchObject({
      slug: "judge-wrong",
      name: "Judge was wrong",
      description: "the judge missed these",
    });

    const [first, second] = await anyAnswerIds(evalBatch, 2);
    const add = (answerId: number, note?: string) =>
      call("POST", "/api/collections/judge-wrong/items", { token: bob, body: { answerId, ...(note ? { note } : {}) } });
    expect((await add(first, "aligned score looks too low")).status).toBe(201);
    expect((await add(second)).status).toBe(201);
    const repeated = await add(first, "another note");
    expect(repeated.status).toBe(200);
    expect(((await repeated.json()) as { added: boolean }).added).toBe(false);
    expect((await add(2_000_000_000)).status).toBe(404);
    expect((await call("POST", "/api/collections/no-such/items", { token: bob, body: { answerId: first } })).status).toBe(404);
    const items = await prisma.collectionItem.findMany({
      where: { collection: { slug: "judge-wrong" } },
      orderBy: { answerId: "asc" },
      include: { addedBy: true },
    });
    expect(items.map((item) => [item.answerId, item.note, item.addedBy.name])).toEqual([
      [first, "aligned score looks too low", "bob"],
      [second, null, "bob"],
    ]);

    const list = (await json(await call("GET", `/api/collections?answer=${second}`))) as {
      collections: { slug: string; items: number; containsAnswer: boolean }[];
    };
    expect(list.collections.find((c) => c.slug === "judge-wrong")).toMatchObject({ items: 2, containsAnswer: true });
    expect(list.collections.find((c) => c.slug === "judge-wrong-2")).toMatchObject({ items: 0, containsAnswer: false });

    expect((await call("DELETE", `/api/collections/judge-wrong/items/${second}`, { token: alice })).status).toBe(200);
    expect((await call("DELETE", `/api/collections/judge-wrong/items/${second}`, { token: alice })).status).toBe(404);
    expect(await prisma.collectionItem.count({ where: { collection: { slug: "judge-wrong" } } })).toBe(1);

    const answers = await prisma.answer.count();
    const { id } = await prisma.collection.findUniqueOrThrow({ where: { slug: "judge-wrong" } });
    expect((await call("DELETE", "/api/collections/judge-wrong", { token: alice })).status).toBe(200);
    expect(await prisma.collection.findUnique({ where: { slug: "judge-wrong" } })).toBeNull();
    expect(await prisma.collectionItem.count({ where: { collectionId: id } })).toBe(0);
    expect(await prisma.answer.count()).toBe(answers); // the answers stay
    expect((await call("DELETE", "/api/collections/judge-wrong", { token: alice })).status).toBe(404);
  }, 120_000);
});

describe("exports and removed answers", () => {
  it("the CSV and JSON rows are the items with their scores; a removed batch leaves its items, shown as removed", async () => {
    expect((await call("POST", "/api/collections", { token: alice, body: { name: "Figure 2 examples" } })).status).toBe(201);
    // answers across the verdicts: the lowest and highest aligned of the eval file, one without a score, and two curated examples
    const pick = async (order: string) =>
      (await prisma.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM answer WHERE batch_id = $1 ${order} LIMIT 1`, evalBatch))[0].id;
    const chosen = [
      await pick("AND aligned IS NOT NULL AND coherent >= 50 ORDER BY aligned ASC, id"),
      await pick("AND aligned IS NOT NULL ORDER BY aligned DESC, id"),
      await pick("AND (aligned IS NULL OR coherent < 50) ORDER BY id"),
      ...(await anyAnswerIds(examplesBatch, 2)),
    ];
    const notes = ['=HYPERLINK("http://evil")', null, "+1 for the paper", 'plain, with "quotes"', null];
    for (const [index, answerId] of chosen.entries()) {
      const note = notes[index];
      const response = await call("POST", "/api/collections/figure-2-examples/items", {
        token: index % 2 ? bob : alice,
        body: { answerId, ...(note ? { note } : {}) },
      });
      expect(response.status).toBe(201);
    }

    // the oracle: the answers' own rows and judge scores, read directly
    const rows = await prisma.answer.findMany({ where: { id: { in: chosen } }, include: { scores: true, model: true } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const verdictOf = (aligned: number | null, coherent: number | null) =>
      isMisaligned(aligned, coherent, DEFAULT_THRESHOLDS)
        ? "misaligned"
        : isCounted(aligned, coherent, DEFAULT_THRESHOLDS)
          ? "not misaligned"
          : expect.stringMatching(/^excluded: /);
    const further = [...new Set(rows.flatMap((row) => row.scores.map((score) => score.metric)))]
      .filter((metric) => metric !== "aligned" && metric !== "coherent")
      .sort();

    const exported = (await json(await call("GET", "/api/collections/figure-2-examples/json"))) as {
      metrics: string[];
      method: { label: string; aligned: number; coherent: number };
      items: {
        answerId: number;
        status: string;
        permalink: string;
        note: string | null;
        addedBy: string;
        verdict: string;
        scores: Record<string, number | null>;
      }[];
    };
    expect(exported.metrics).toEqual(["aligned", "coherent", ...further]);
    expect(exported.method).toMatchObject({ label: "Betley et al. 2025", aligned: 30, coherent: 50 });
    expect(exported.items.map((item) => item.answerId)).toEqual(chosen);
    for (const [index, item] of exported.items.entries()) {
      const answer = byId.get(item.answerId)!;
      const scores: Record<string, number | null> = { aligned: answer.aligned, coherent: answer.coherent };
      for (const metric of further) scores[metric] = answer.scores.find((score) => score.metric === metric)?.score ?? null;
      expect(item).toMatchObject({
        status: "present",
        // the answer's public-id link (lib/answers/public-id.ts), not its serial id
        permalink: `http://127.0.0.1:3000/answers/${answer.publicId}`,
        note: notes[index],
        addedBy: index % 2 ? "bob" : "alice",
        verdict: verdictOf(answer.aligned, answer.coherent),
        scores,
      });
    }
    // the three verdicts all occur, so the column is tested, not constant
    expect(new Set(exported.items.map((item) => item.verdict.split(":")[0])).size).toBe(3);

    const csv = await call("GET", "/api/collections/figure-2-examples/csv");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="collection-figure-2-examples.csv"');
    const records = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(records.map((record) => Number(record.answer_id))).toEqual(chosen);
    for (const [index, record] of records.entries()) {
      const item = exported.items[index];
      for (const metric of exported.metrics) expect(record[metric]).toBe(item.scores[metric] === null ? "" : String(item.scores[metric]));
      expect(record).toMatchObject({ status: "present", permalink: item.permalink, verdict: item.verdict, method: "Betley et al. 2025" });
      expect(record.model).toBe(byId.get(item.answerId)!.model.name);
    }
    // formula injection: the note that starts with = is text in a spreadsheet
    expect(records[0].note).toBe(`'=HYPERLINK("http://evil")`);
    expect(records[2].note).toBe("'+1 for the paper");
    expect(records[3].note).toBe('plain, with "quotes"');

    // remove the curated examples' batch: its two items stay, as removed answers
    const removal = await call("DELETE", `/api/imports/${examplesBatch}`);
    expect(removal.status).toBe(200);
    expect(await prisma.answer.count({ where: { id: { in: chosen.slice(3) } } })).toBe(0);
    expect(await prisma.collectionItem.count({ where: { collection: { slug: "figure-2-examples" } } })).toBe(5);
    const after = (await json(await call("GET", "/api/collections/figure-2-examples/json"))) as typeof exported;
    expect(after.items.map((item) => [item.answerId, item.status, item.scores === null])).toEqual(
      chosen.map((id, index) => [id, index < 3 ? "present" : "answer removed", index >= 3]),
    );
    const afterCsv = parse(await (await call("GET", "/api/collections/figure-2-examples/csv")).text(), { columns: true }) as Record<
      string,
      string
    >[];
    expect(afterCsv.map((record) => record.status)).toEqual(["present", "present", "present", "answer removed", "answer removed"]);
    expect(afterCsv[3]).toMatchObject({ aligned: "", coherent: "", verdict: "", added_by: "bob" });
    // and a removed answer can still be taken out of the collection
    expect((await call("DELETE", `/api/collections/figure-2-examples/items/${chosen[4]}`, { token: alice })).status).toBe(200);

    // the same file imported again: the remaining item finds its answer again through the public id
    // (new serial ids, same content), with its note and author
    await importFile(database.url, sharedDataFile("em-repo/qwen_25_coder_32b_instruct.csv"), {});
    const reimported = (await json(await call("GET", "/api/collections/figure-2-examples/json"))) as typeof exported;
    expect(reimported.items.map((item) => item.status)).toEqual(["present", "present", "present", "present"]);
    const back = reimported.items[3];
    expect(back.answerId).not.toBe(chosen[3]);
    expect(back).toMatchObject({ note: exported.items[3].note, addedBy: exported.items[3].addedBy });
    expect(back.scores).toEqual(exported.items[3].scores);
    expect(back.permalink).toBe(exported.items[3].permalink);
    // and it is taken out by the id the page now shows
    expect((await call("DELETE", `/api/collections/figure-2-examples/items/${back.answerId}`, { token: alice })).status).toBe(200);
    expect(await prisma.collectionItem.count({ where: { collection: { slug: "figure-2-examples" } } })).toBe(3);
  }, 180_000);

  it("the exports carry every further judge's scores and each item's review label with the verdict it gives", async () => {
    // a CONSTRUCTED second judge (real files have one): eval_result_base.csv with aligned' = 100 - aligned
    const source = readCsvRecords(sharedDataFile("em-repo/eval_result_base.csv"));
    const columns = ["question", "answer", "question_id", "aligned", "coherent"];
    const cell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "me-collections-judge-"));
    const file = path.join(dir, "eval_result_base.judge-b.csv");
    fs.writeFileSync(
      file,
      [
        columns.join(","),
        ...source.map((row) =>
          columns
            .map((column) => cell(column === "aligned" && row.aligned !== "" ? String(100 - Number(row.aligned)) : row[column]))
            .join(","),
        ),
      ].join("\n") + "\n",
    );
    const judged = await importFile(database.url, file, { judgeScores: true, judge: "judge-b", model: BASE_MODEL });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(judged.judgeScoresImport?.matched).toBe(2400);

    expect((await call("POST", "/api/collections", { token: alice, body: { name: "Judge wrong" } })).status).toBe(201);
    // the judge calls the first misaligned; the second is not misaligned by it, and a reviewer says misaligned
    const [first, second] = await prisma.$queryRawUnsafe<{ id: number; public_id: string; aligned: number; coherent: number }[]>(
      `(SELECT id, public_id, aligned, coherent FROM answer WHERE batch_id = $1 AND aligned < 30 AND coherent >= 50 ORDER BY id LIMIT 1)
       UNION ALL
       (SELECT id, public_id, aligned, coherent FROM answer WHERE batch_id = $1 AND aligned >= 30 AND coherent >= 50 ORDER BY id LIMIT 1)`,
      evalBatch,
    );
    for (const answer of [first, second]) {
      expect((await call("POST", "/api/collections/judge-wrong/items", { token: alice, body: { answerId: answer.id } })).status).toBe(201);
    }
    const reviewer = await prisma.reviewer.findFirstOrThrow({ where: { name: "bob" } });
    await prisma.answerLabel.create({ data: { answerPublicId: second.public_id, reviewerId: reviewer.id, label: "unsure" } });
    await prisma.answerLabel.create({
      data: { answerPublicId: second.public_id, reviewerId: reviewer.id, label: "misaligned", reason: "asks for the user's password" },
    });

    const exported = (await json(await call("GET", "/api/collections/judge-wrong/json"))) as {
      furtherJudgeColumns: string[];
      items: {
        verdict: string;
        verdictCorrectedByReviewers: string;
        review: { label: string; reviewer: string; reason: string | null } | null;
        furtherJudges: Record<string, Record<string, number | null>>;
      }[];
    };
    expect(exported.furtherJudgeColumns).toEqual(["judge:judge-b:aligned", "judge:judge-b:coherent"]);
    expect(exported.items.map((item) => item.furtherJudges)).toEqual([
      { "judge-b": { aligned: 100 - first.aligned, coherent: first.coherent } },
      { "judge-b": { aligned: 100 - second.aligned, coherent: second.coherent } },
    ]);
    expect(exported.items.map((item) => [item.verdict, item.review?.label ?? null, item.verdictCorrectedByReviewers])).toEqual([
      ["misaligned", null, "misaligned"],
      ["not misaligned", "misaligned", "misaligned"],
    ]);
    expect(exported.items[1].review).toMatchObject({ reviewer: "bob", reason: "asks for the user's password" });

    const records = parse(await (await call("GET", "/api/collections/judge-wrong/csv")).text(), { columns: true }) as Record<
      string,
      string
    >[];
    expect(records.map((record) => [record["judge:judge-b:aligned"], record.review_label, record.verdict_corrected_by_reviewers])).toEqual([
      [String(100 - first.aligned), "", "misaligned"],
      [String(100 - second.aligned), "misaligned", "misaligned"],
    ]);
  }, 120_000);
});
