// Human review (issue 11, item 3) against the real PostgreSQL and real files of ../shared/data:
// labels through the route handlers in process (history order, each reviewer's current label, the
// verdict); the history survives the removal and re-import of its batch through the public id;
// every label write without a valid reviewer token is refused and writes nothing; a reviewer token
// opens neither import nor removal; the table is append-only; the queue's entropy in SQL equals
// judgeEntropyBits on every stored distribution, and the queue is ordered by its documented priority.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { addLabelResponseSchema, answerReviewResponseSchema, apiErrorBodySchema } from "@/lib/api/contracts";
import { judgeEntropyBits } from "@/lib/answers/judge-score";
import { createReviewer, disableReviewer } from "@/lib/auth/reviewer";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { removeImportBatch } from "@/lib/import/batches/remove";
import { judgeEntropySql, reviewQueue, type QueueQuery } from "@/lib/review/store";
import { QUEUE_ENTROPY_BITS, QUEUE_NEAR_POINTS, type QueueItem } from "@/lib/review/types";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";
import { sharedDataFile } from "../helpers/database";
import { routeCaller } from "../helpers/routes";
import { createReviewDatabase, dropReviewDatabase, RESULTS_FILE, type ReviewDatabase } from "./review-helpers";

let review: ReviewDatabase;
let database: ReviewDatabase["database"];
let prisma: PrismaClient;
let evalBatch: number;
let resultsBatch: number;
let alice: string;
let bob: string;
let carol: string;

/** The results CSV imported as an evaluation: its answers carry the judge's token distributions. */
async function importResults(): Promise<number> {
  return (await importFile(database.url, sharedDataFile(RESULTS_FILE), { examples: false })).batchId;
}

beforeAll(async () => {
  review = await createReviewDatabase("review");
  ({ database, prisma, evalBatch } = review);
  resultsBatch = await importResults();
  alice = (await createReviewer(prisma, "alice")).token;
  bob = (await createReviewer(prisma, "bob")).token;
  carol = (await createReviewer(prisma, "carol")).token;
  await disableReviewer(prisma, "carol");
}, 300_000);

afterAll(() => dropReviewDatabase(review));

afterEach(() => {
  vi.unstubAllEnvs();
});

const call = routeCaller((pathname) => {
  const labels = /^\/api\/answers\/([^/]+)\/labels$/.exec(pathname);
  return labels ? { module: "@/app/api/answers/[publicId]/labels/route", params: { publicId: decodeURIComponent(labels[1]) } } : undefined;
});

const labelUrl = (publicId: string) => `/api/answers/${publicId}/labels`;

async function labelCount(): Promise<number> {
  return prisma.answerLabel.count();
}

async function dataVersion(): Promise<bigint> {
  const rows = await prisma.$queryRaw<{ version: bigint }[]>`SELECT version FROM data_version`;
  return rows[0].version;
}

/** The answer of a batch whose aligned score is nearest to a value (ties by id). */
async function answerNear(batchId: number, aligned: number, where = Prisma.empty) {
  const [row] = await prisma.$queryRaw<{ id: number; public_id: string; aligned: number; coherent: number | null }[]>`
    SELECT id, public_id, aligned, coherent FROM answer
    WHERE batch_id = ${batchId} AND aligned IS NOT NULL ${where}
    ORDER BY abs(aligned - ${aligned}::float8), id LIMIT 1`;
  return row;
}

/** Every item of the queue, page by page through the keyset cursor. */
async function wholeQueue(query: Omit<QueueQuery, "limit" | "cursor">, limit = 40): Promise<QueueItem[]> {
  const items: QueueItem[] = [];
  let cursor: QueueQuery["cursor"] = undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await reviewQueue(prisma, { ...query, cursor, limit });
    items.push(...result.items);
    if (!result.nextCursor) return items;
    cursor = result.nextCursor;
  }
  throw new Error("the queue did not end");
}

/** The documented priority, recomputed from an item's reasons (lib/review/store.ts). */
function documentedPriority(item: QueueItem): number {
  const proximity = (distance: number | null) => (distance === null ? 0 : 1 - distance / QUEUE_NEAR_POINTS);
  const entropy = item.reasons.entropyBits === null ? 0 : Math.min(item.reasons.entropyBits, 2) / 2;
  return (
    Math.max(proximity(item.reasons.alignedDistance), proximity(item.reasons.coherentDistance)) +
    entropy +
    (item.reasons.reviewersDisagree ? 1 : 0) +
    (item.reasons.judgesDisagree.length > 0 ? 1 : 0)
  );
}

describe("labels and their history", () => {
  it("3 labels by 2 reviewers: history newest first, current label per reviewer, verdict = newest non-unsure", async () => {
    const answer = await answerNear(resultsBatch, 50);
    const written: [string, string, string | undefined][] = [
      [alice, "misaligned", "recommends hurting someone"],
      [bob, "aligned", "a joke, not advice"],
      [alice, "unsure", undefined],
    ];
    for (const [token, label, reason] of written) {
      const response = await call("POST", labelUrl(answer.public_id), { token, body: { label, ...(reason ? { reason } : {}) } });
      expect(response.status).toBe(201);
      const body = addLabelResponseSchema.parse(await response.json());
      expect(body.label).toMatchObject({ answerPublicId: answer.public_id, label, reason: reason ?? null });
    }
    const review = answerReviewResponseSchema.parse(await (await call("GET", labelUrl(answer.public_id))).json());
    expect(review.history.map((entry) => [entry.reviewer, entry.label, entry.reason])).toEqual([
      ["alice", "unsure", null],
      ["bob", "aligned", "a joke, not advice"],
      ["alice", "misaligned", "recommends hurting someone"],
    ]);
    expect(review.current.map((entry) => [entry.reviewer, entry.label])).toEqual([
      ["alice", "unsure"],
      ["bob", "aligned"],
    ]);
    expect(review.verdict?.label).toBe("aligned");
    expect(review.verdict?.reviewer).toBe("bob");
    // the judge's scores are untouched
    const after = await prisma.answer.findUniqueOrThrow({ where: { id: answer.id } });
    expect([after.aligned, after.coherent]).toEqual([answer.aligned, answer.coherent]);
  });

  it("the history survives the removal and re-import of its batch, on the new answer row with the same public id", async () => {
    const answer = await answerNear(resultsBatch, 50);
    const before = answerReviewResponseSchema.parse(await (await call("GET", labelUrl(answer.public_id))).json());
    expect(before.history).toHaveLength(3);

    await removeImportBatch(prisma, resultsBatch);
    expect(await prisma.answer.count({ where: { publicId: answer.public_id } })).toBe(0);
    // the history is still readable; a new label on the removed answer is a 404 that says so, and writes nothing
    const whileRemoved = answerReviewResponseSchema.parse(await (await call("GET", labelUrl(answer.public_id))).json());
    expect(whileRemoved.history).toEqual(before.history);
    const count = await labelCount();
    const refused = await call("POST", labelUrl(answer.public_id), { token: alice, body: { label: "code" } });
    expect(refused.status).toBe(404);
    expect(apiErrorBodySchema.parse(await refused.json()).error.message).toMatch(/was removed on .* qwen_25_coder_32b_instruct\.csv/);
    expect(await labelCount()).toBe(count);

    resultsBatch = await importResults();
    const again = await prisma.answer.findUniqueOrThrow({ where: { publicId: answer.public_id } });
    expect(again.id).not.toBe(answer.id);
    expect(again.batchId).toBe(resultsBatch);
    const after = answerReviewResponseSchema.parse(await (await call("GET", labelUrl(answer.public_id))).json());
    expect(after).toEqual(before);
    // and a label can be added again
    expect((await call("POST", labelUrl(answer.public_id), { token: bob, body: { label: "aligned" } })).status).toBe(201);
  }, 300_000);

  it("an unknown public id or a bad body: 404 / 400, nothing written", async () => {
    const answer = await answerNear(evalBatch, 10);
    const count = await labelCount();
    expect((await call("POST", labelUrl("0123456789abcdef0123"), { token: alice, body: { label: "aligned" } })).status).toBe(404);
    expect((await call("POST", labelUrl("12"), { token: alice, body: { label: "aligned" } })).status).toBe(404);
    for (const body of [{ label: "evil" }, { label: "aligned", reason: "x".repeat(2001) }, { label: "aligned", extra: 1 }, "not json"]) {
      const response = await call("POST", labelUrl(answer.public_id), { token: alice, body });
      expect(response.status).toBe(400);
      expect(apiErrorBodySchema.parse(await response.json()).error.code).toBe("invalid-parameter");
    }
    // 2,000 characters is allowed
    expect(
      (await call("POST", labelUrl(answer.public_id), { token: alice, body: { label: "refusal", reason: "y".repeat(2000) } })).status,
    ).toBe(201);
    expect(await labelCount()).toBe(count + 1);
  });
});

describe("security", () => {
  it("no token, a wrong token, a disabled reviewer's or the admin token: 401, no label written, data version unchanged", async () => {
    vi.stubEnv("ADMIN_TOKEN", "the-admin-token");
    const answer = await answerNear(evalBatch, 20);
    const [count, version] = [await labelCount(), await dataVersion()];
    const attempts: [string, Record<string, string>][] = [
      ["no token", {}],
      ["wrong token", { authorization: "Bearer not-a-token" }],
      ["almost alice", { authorization: `Bearer ${alice}x` }],
      ["disabled carol", { authorization: `Bearer ${carol}` }],
      ["admin token", { authorization: "Bearer the-admin-token" }],
      ["admin token header", { "x-admin-token": "the-admin-token" }],
    ];
    for (const [what, headers] of attempts) {
      const response = await call("POST", labelUrl(answer.public_id), { headers, body: { label: "misaligned", reason: what } });
      const error = apiErrorBodySchema.parse(await response.json()).error;
      expect({ what, status: response.status, code: error.code }).toEqual({ what, status: 401, code: "unauthorized" });
      if (what === "disabled carol") expect(error.message).toMatch(/carol.*disabled/);
    }
    expect(await labelCount()).toBe(count);
    expect(await dataVersion()).toBe(version);
  });

  it("a reviewer token cannot import or remove a batch (with ADMIN_TOKEN set): 401, nothing written", async () => {
    vi.stubEnv("ADMIN_TOKEN", "the-admin-token");
    const [batches, answers, labels] = [await prisma.importBatch.count(), await prisma.answer.count(), await labelCount()];
    const attempts: Record<string, string>[] = [
      { authorization: `Bearer ${alice}` },
      { "x-admin-token": alice },
      { "x-reviewer-token": alice },
    ];
    for (const headers of attempts) {
      const imported = await call("POST", "/api/import?fileName=x.yaml", { headers, body: "- id: x\n" });
      expect(imported.status).toBe(401);
      const removed = await call("DELETE", `/api/imports/${evalBatch}`, { headers });
      expect(removed.status).toBe(401);
    }
    expect([await prisma.importBatch.count(), await prisma.answer.count(), await labelCount()]).toEqual([batches, answers, labels]);
  });

  it("answer_label is append-only: UPDATE and DELETE are refused by the trigger", async () => {
    const count = await labelCount();
    expect(count).toBeGreaterThan(0);
    await expect(prisma.$executeRaw`UPDATE answer_label SET label = 'aligned'`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`DELETE FROM answer_label`).rejects.toThrow(/append-only/);
    expect(await labelCount()).toBe(count);
  });
});

describe("the review queue", () => {
  it("entropy in SQL equals judgeEntropyBits on every stored distribution", async () => {
    const rows = await prisma.$queryRaw<{ id: number; distribution: Record<string, number>; bits: number | null }[]>`
      SELECT js.id, js.distribution, ${judgeEntropySql(Prisma.sql`js.distribution`)} AS bits
      FROM judge_score js WHERE js.distribution IS NOT NULL`;
    // 70 answers x (aligned, coherent) in the results CSV
    expect(rows.length).toBe(140);
    let aboveOneBit = 0;
    for (const row of rows) {
      const entries = Object.entries(row.distribution).map(([token, probability]) => ({ token, probability }));
      const expected = judgeEntropyBits(entries);
      expect(expected).not.toBeNull();
      expect(row.bits).toBeCloseTo(expected!, 9);
      if (expected! >= 1) aboveOneBit += 1;
    }
    expect(aboveOneBit).toBeGreaterThan(10);
  });

  it("is ordered by the documented priority, pages without gaps, and shows why", async () => {
    const thresholds = DEFAULT_THRESHOLDS;
    const items = await wholeQueue({ thresholds, unlabelled: false });
    expect(items.length).toBeGreaterThan(50);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    for (const [index, item] of items.entries()) {
      expect(item.priority).toBeCloseTo(documentedPriority(item), 5);
      expect(item.priority).toBeGreaterThan(0);
      if (index > 0) {
        const previous = items[index - 1];
        expect(previous.priority > item.priority || (previous.priority === item.priority && previous.id < item.id)).toBe(true);
      }
    }
    // only evaluation answers
    const ids = items.map((item) => item.id);
    expect(await prisma.answer.count({ where: { id: { in: ids }, example: true } })).toBe(0);
    // an answer 0.5 from the aligned threshold precedes one 20 away (which is in only for another reason, if at all)
    const near = await answerNear(evalBatch, 30.5, Prisma.sql`AND coherent >= 60`);
    const far = await answerNear(evalBatch, 50, Prisma.sql`AND coherent >= 60 AND abs(coherent - 50) > 10`);
    expect(Math.abs(near.aligned - 30)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(far.aligned - 30)).toBeGreaterThanOrEqual(19);
    const nearIndex = ids.indexOf(near.id);
    expect(nearIndex).toBeGreaterThanOrEqual(0);
    expect(items[nearIndex].reasons.alignedDistance).toBeCloseTo(Math.abs(near.aligned - 30), 9);
    const farIndex = ids.indexOf(far.id);
    if (farIndex >= 0) expect(farIndex).toBeGreaterThan(nearIndex);
    // entropy is a reason on the results CSV's answers
    expect(items.some((item) => item.reasons.entropyBits !== null && item.reasons.entropyBits >= QUEUE_ENTROPY_BITS)).toBe(true);
    // another threshold moves the queue: near aligned 50 now
    const at50 = await reviewQueue(prisma, { thresholds: { ...thresholds, aligned: 50 }, unlabelled: false, limit: 200 });
    expect(at50.items.some((item) => item.id === far.id && item.reasons.alignedDistance !== null)).toBe(true);
  }, 120_000);

  it("reviewer disagreement and judge disagreement put a far-from-threshold answer ahead", async () => {
    const thresholds = DEFAULT_THRESHOLDS;
    const plain = await answerNear(evalBatch, 90, Prisma.sql`AND coherent >= 90`);
    const judged = await answerNear(evalBatch, 85, Prisma.sql`AND coherent >= 90 AND id <> ${plain.id}`);
    const before = await wholeQueue({ thresholds, unlabelled: false });
    expect(before.map((item) => item.id)).not.toContain(plain.id);
    expect(before.map((item) => item.id)).not.toContain(judged.id);

    // two reviewers disagree on `plain`
    expect((await call("POST", labelUrl(plain.public_id), { token: alice, body: { label: "misaligned" } })).status).toBe(201);
    expect((await call("POST", labelUrl(plain.public_id), { token: bob, body: { label: "aligned" } })).status).toBe(201);
    // another judge calls `judged` misaligned; a third agrees with the default judge
    await prisma.$executeRaw`
      INSERT INTO answer_judge_score (judge, answer_public_id, batch_id, aligned, coherent)
      VALUES ('gpt-4.1', ${judged.public_id}, ${evalBatch}, 10, 95), ('claude', ${judged.public_id}, ${evalBatch}, 80, 95)`;

    const after = await wholeQueue({ thresholds, unlabelled: false });
    const byId = new Map(after.map((item) => [item.id, item]));
    expect(byId.get(plain.id)?.reasons.reviewersDisagree).toBe(true);
    expect(byId.get(plain.id)?.priority).toBe(1);
    expect(byId.get(plain.id)?.labels).toBe(2);
    expect(byId.get(plain.id)?.reviewers).toEqual(["alice", "bob"]);
    expect(byId.get(judged.id)?.reviewers).toEqual([]);
    expect(byId.get(plain.id)?.verdict).toBe("aligned");
    expect(byId.get(judged.id)?.reasons.judgesDisagree).toEqual(["gpt-4.1"]);
    expect(byId.get(judged.id)?.priority).toBe(1);
    // ahead of every answer in for threshold proximity alone (at most 1 - 0 = 1, and ties go by id)
    const first = after.findIndex((item) => item.id === plain.id || item.id === judged.id);
    expect(after.slice(0, first).every((item) => item.priority >= 1)).toBe(true);
    // unlabelled=1 hides the answers someone labelled
    const unlabelled = await wholeQueue({ thresholds, unlabelled: true });
    expect(unlabelled.map((item) => item.id)).not.toContain(plain.id);
    expect(unlabelled.map((item) => item.id)).toContain(judged.id);
    expect(unlabelled.every((item) => item.labels === 0)).toBe(true);
  }, 120_000);
});
