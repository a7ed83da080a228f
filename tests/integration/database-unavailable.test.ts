// The database out of reach (lib/db/unavailable.ts), with the errors real PostgreSQL and pg give:
// nothing listening, a Unix socket that is gone, a connection terminated under a query (in and
// out of a transaction). Each becomes one DatabaseUnavailableError from the app's client
// (createPrisma), and a 503 `database-unavailable` from an API route; an error about the query
// itself stays what it was. The server-level test (stop and start PostgreSQL under a running
// server) is tests/e2e/database-restart.spec.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_POOL_CONNECTIONS, createPrisma } from "@/lib/db/client";
import { asQueryTimeout } from "@/lib/db/query-timeout";
import { sqlStateOf } from "@/lib/db/sql-state";
import { DATABASE_UNAVAILABLE_MESSAGE, DatabaseUnavailableError, asDatabaseUnavailable } from "@/lib/db/unavailable";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase, withAdmin, type TestDatabase } from "../helpers/database";
import { closedPort } from "../helpers/ports";
import { routeCaller } from "../helpers/routes";

/** How a promise failed: the error, or a failure of the test when it did not. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the query to fail");
    },
    (error: unknown) => error,
  );
}

let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase("unavailable");
  prisma = createPrisma(database.url);
});

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

/** Terminates the test database's backend that runs `pg_sleep`, polling until that query has started. */
async function terminateSleeper(): Promise<void> {
  const terminate = () =>
    withAdmin((admin) =>
      admin
        .query<{ pid: number }>(
          `SELECT pid FROM (SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid() OFFSET 0) sleepers
            WHERE pg_terminate_backend(pid)`,
          [database.name],
        )
        .then((result) => result.rowCount ?? 0),
    );
  await expect.poll(terminate, { interval: 20, timeout: 5_000, message: "the sleeping query never started" }).toBeGreaterThan(0);
}

describe("the app's client, when the database is out of reach", () => {
  it("nothing listens at the address: raw queries and model queries fail with DatabaseUnavailableError", async () => {
    const unreachable = createPrisma(`postgresql://postgres@127.0.0.1:${await closedPort()}/nothing`);
    try {
      const raw = await failure(unreachable.$queryRaw(Prisma.sql`SELECT 1`));
      expect(raw).toBeInstanceOf(DatabaseUnavailableError);
      expect(raw).toMatchObject({
        message: DATABASE_UNAVAILABLE_MESSAGE,
        reason: "DatabaseNotReachable",
        digest: "ME_DATABASE_UNAVAILABLE",
      });
      expect(await failure(unreachable.model.count())).toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await unreachable.$disconnect();
    }
  });

  it("a Unix socket folder with no server in it (the embedded database gone)", async () => {
    const gone = createPrisma("postgresql://postgres@localhost/nothing?host=/tmp/me-no-such-socket-folder");
    try {
      expect(await failure(gone.$queryRaw(Prisma.sql`SELECT 1`))).toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await gone.$disconnect();
    }
  });

  it("a connection terminated under a query, alone or in a transaction; the next query is served", async () => {
    // failure() subscribes at once: a Prisma query is sent only when something waits for it
    const alone = failure(prisma.$queryRaw(Prisma.sql`SELECT pg_sleep(10)`));
    await terminateSleeper();
    expect(await alone).toBeInstanceOf(DatabaseUnavailableError);

    const inTransaction = failure(prisma.$transaction(async (tx) => tx.$queryRaw(Prisma.sql`SELECT pg_sleep(10)`)));
    await terminateSleeper();
    expect(await inTransaction).toBeInstanceOf(DatabaseUnavailableError);

    expect(await prisma.$queryRaw(Prisma.sql`SELECT 1::int AS one`)).toEqual([{ one: 1 }]);
  });

  it("more transactions lost than the pool has connections: each gives its connection back, and the next transaction is served", async () => {
    // Prisma releases a transaction's connection only after its ROLLBACK succeeds; on a dead
    // connection that ROLLBACK failed, so each lost transaction kept a connection for good
    // (lib/db/lost-connection.ts). Then the 11th transaction waited for a connection forever.
    for (let lost = 0; lost <= APP_POOL_CONNECTIONS; lost++) {
      const transaction = failure(prisma.$transaction(async (tx) => tx.$queryRaw(Prisma.sql`SELECT pg_sleep(10)`)));
      await terminateSleeper();
      expect(await transaction, `lost transaction ${lost + 1}`).toBeInstanceOf(DatabaseUnavailableError);
    }
    const served = await prisma.$transaction(async (tx) => tx.$queryRaw<{ one: number }[]>(Prisma.sql`SELECT 1::int AS one`), {
      maxWait: 2_000,
    });
    expect(served).toEqual([{ one: 1 }]);
    expect(await prisma.$queryRaw(Prisma.sql`SELECT 2::int AS two`)).toEqual([{ two: 2 }]);
  });

  it("errors about the query itself are left as they were", async () => {
    const division = await failure(prisma.$queryRaw(Prisma.sql`SELECT 1 / ${0}::int AS x`));
    expect(division).not.toBeInstanceOf(DatabaseUnavailableError);
    expect(sqlStateOf(division)).toBe("22012");
    expect(asDatabaseUnavailable(division)).toBeNull();

    // a statement past its budget stays the reader's QueryTimeoutError, not "unreachable"
    const timedOut = await failure(
      prisma.$transaction(async (tx) => {
        await tx.$executeRaw(Prisma.sql`SET LOCAL statement_timeout = 50`);
        return tx.$queryRaw(Prisma.sql`SELECT pg_sleep(2)`);
      }),
    );
    expect(asDatabaseUnavailable(timedOut)).toBeNull();
    expect(asQueryTimeout(timedOut)).not.toBeNull();
  });

  it("pg's message for a connection that ended (no code), alone or under Prisma's heading; not the same words inside other text", () => {
    expect(asDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).not.toBeNull();
    const wrapped = new Error("\nInvalid `prisma.$queryRaw()` invocation:\n\n\nConnection terminated unexpectedly");
    expect(asDatabaseUnavailable(wrapped)?.reason).toBe("Connection terminated unexpectedly");
    expect(asDatabaseUnavailable(new Error('column "Connection terminated" does not exist'))).toBeNull();
  });

  it("an error made by another copy of the module (Next bundles one per layer) is recognised by its digest", () => {
    const foreign = Object.assign(new Error(DATABASE_UNAVAILABLE_MESSAGE), {
      digest: "ME_DATABASE_UNAVAILABLE",
      reason: "ConnectionClosed",
    });
    expect(asDatabaseUnavailable(foreign)).toMatchObject({ name: "DatabaseUnavailableError", reason: "ConnectionClosed" });
  });
});

describe("an API route, when the database is out of reach", () => {
  const saved = process.env.DATABASE_URL;
  afterAll(async () => {
    const { getPrisma } = await import("@/lib/db/client");
    await getPrisma().$disconnect();
    process.env.DATABASE_URL = saved;
  });

  it("answers 503 database-unavailable with Retry-After, at once", async () => {
    process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${await closedPort()}/nothing`;
    const call = routeCaller();
    for (const url of ["/api/models", "/api/questions", "/api/answers?q=lantern"]) {
      const started = performance.now();
      const response = await call("GET", url);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(response.status, url).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.json()).toEqual({ error: { code: "database-unavailable", message: DATABASE_UNAVAILABLE_MESSAGE } });
    }
  });
});
