// The launcher's decisions (scripts/start.ts): demo data only into a brand-new embedded database,
// never into one that holds data and never automatically into a DATABASE_URL database; and the
// production build counts as stale when any build input is newer than .next/BUILD_ID.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildState, nextBuildEnv, newestMtime } from "@/scripts/launcher/build";
import { prepareDatabase } from "@/scripts/launcher/database";
import { stepLog } from "@/scripts/launcher/steps";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";

const savedDatabaseUrl = process.env.DATABASE_URL;
let tempDir: string;

beforeAll(() => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-start-"));
});
afterAll(() => {
  fs.rmSync(tempDir, { recursive: true, force: true });
});
afterEach(() => {
  if (savedDatabaseUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedDatabaseUrl;
});

// PGlite work runs in this process on a shared core: 13 s to create a database on a quiet 2-core
// machine, over 60 s at load 12 (CI of 44996c1 beside five helpers). The timeout guards hangs, not speed.
describe("launcher database step", { timeout: 180_000 }, () => {
  it("loads the demo into a new embedded database, and not again on the next start", async () => {
    delete process.env.DATABASE_URL;
    const dataDir = path.join(tempDir, "pglite");

    const lines: string[] = [];
    const first = await prepareDatabase(
      { dataDir },
      stepLog((line) => lines.push(line)),
    );
    try {
      expect(first.database.embedded).toBe(true);
      expect(first.database.createdNow).toBe(true);
      expect(first.demoLoaded?.answers).toBe(23_200);
      expect(first.answers).toBe(23_200);
      expect(first.holdsDemo).toBe(true);
    } finally {
      await first.database.close();
    }

    // `npm start` says what it is doing at each step, in order, each stamped with the time since the start
    const migrations = fs.readdirSync(path.join(process.cwd(), "prisma", "migrations")).filter((name) => /^\d+_/.test(name));
    const opening = `Opening the embedded database (${dataDir})`.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const expected = [
      new RegExp(`^\\[start \\d+\\.\\d s\\] ${opening}\\.\\.\\.$`),
      new RegExp(`^\\[start \\d+\\.\\d s\\] ${opening}: created a new, empty one in \\d+\\.\\d s$`),
      /^\[start \d+\.\d s\] Applying pending migrations\.\.\.$/,
      new RegExp(
        `^\\[start \\d+\\.\\d s\\] Applying pending migrations: applied ${migrations.length} \\(${migrations.join(", ")}\\) in \\d+\\.\\d s$`,
      ),
      /^\[start \d+\.\d s\] Loading the SYNTHETIC demo dataset into the new embedded database\.\.\.$/,
      /^\[start \d+\.\d s\] Loading the SYNTHETIC demo dataset into the new embedded database: 23200 answers, 29 models \(.+\) in \d+\.\d s$/,
    ];
    expect(lines).toHaveLength(expected.length);
    lines.forEach((line, index) => expect(line).toMatch(expected[index]));

    const second = await prepareDatabase({ dataDir });
    try {
      expect(second.database.createdNow).toBe(false);
      expect(second.database.migrationsApplied).toEqual([]);
      expect(second.demoLoaded).toBeNull();
      expect(second.answers).toBe(23_200); // persisted, not doubled
    } finally {
      await second.database.close();
    }
  });

  describe("with DATABASE_URL", () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase("start_launcher");
    });
    afterAll(async () => {
      await database?.drop();
    });

    it("never loads demo data, even into an empty database", async () => {
      process.env.DATABASE_URL = database.url;
      const prepared = await prepareDatabase({ dataDir: path.join(tempDir, "unused") });
      await prepared.database.close();
      expect(prepared.database.embedded).toBe(false);
      expect(prepared.demoLoaded).toBeNull();
      expect(prepared.answers).toBe(0);
      expect(fs.existsSync(path.join(tempDir, "unused"))).toBe(false);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query("SELECT count(*)::int AS n FROM question_set");
      await client.end();
      expect(rows[0].n).toBe(0);
    });
  });
});

/** Runs `npm start` (scripts/start.ts) with the given arguments and environment; its exit code and output. */
function runLauncher(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/start.ts", ...args], {
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("launcher refusals (one clear line, before anything is opened or built)", () => {
  it("refuses to listen on another interface than loopback without ADMIN_TOKEN", async () => {
    const { code, output } = await runLauncher(["--host", "0.0.0.0", "--port", "3411"], {
      ADMIN_TOKEN: "",
      DATABASE_URL: "postgres://unused@127.0.0.1:1/none",
    });
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      "[start] Refusing to listen on 0.0.0.0 without ADMIN_TOKEN: anyone who can reach this machine could import and delete data. " +
        "Set ADMIN_TOKEN=<a long random secret>, or leave out --host to listen on 127.0.0.1 only.",
    );
  });

  it("says the port is taken instead of reporting another program's server as running", async () => {
    const occupant = net.createServer();
    await new Promise<void>((resolve) => occupant.listen(3412, "127.0.0.1", resolve));
    try {
      const { code, output } = await runLauncher(["--port", "3412"], { DATABASE_URL: "postgres://unused@127.0.0.1:1/none" });
      expect(code).toBe(1);
      expect(output.trim()).toBe(
        "[start] Port 3412 is already in use by another program (an earlier `npm start` still running?): stop it, or choose another port with --port N.",
      );
    } finally {
      await new Promise((resolve) => occupant.close(resolve));
    }
  });
});

describe("production build freshness", () => {
  const touch = (file: string, time: number) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) fs.writeFileSync(file, "x");
    fs.utimesSync(file, time / 1000, time / 1000);
  };

  it("is stale without a build, current after it, stale again when a source changes", () => {
    const root = path.join(tempDir, "project");
    const t0 = Date.now() - 60_000;
    touch(path.join(root, "app", "page.tsx"), t0);
    touch(path.join(root, "lib", "stats", "misalignment.ts"), t0);
    touch(path.join(root, "package.json"), t0);
    expect(buildState(root)).toEqual({ current: false, reason: "no production build yet" });

    touch(path.join(root, ".next", "BUILD_ID"), t0 + 10_000);
    expect(buildState(root)).toEqual({ current: true });

    // The generated Prisma client is not a build input: regenerating it does not force a rebuild.
    touch(path.join(root, "lib", "generated", "prisma", "client.ts"), t0 + 20_000);
    expect(buildState(root)).toEqual({ current: true });

    touch(path.join(root, "lib", "stats", "misalignment.ts"), t0 + 30_000);
    expect(buildState(root).current).toBe(false);
    expect(Math.abs(newestMtime(root, ["lib"], ["lib/generated"]) - (t0 + 30_000))).toBeLessThan(2);
  });

  it("writes no build cache into a project without .next (nothing to reuse), and keeps it once .next exists", async () => {
    const root = path.join(tempDir, "cache-project");
    fs.mkdirSync(root, { recursive: true });
    const first = nextBuildEnv(root, { ...process.env, DATABASE_URL: "postgres://x@127.0.0.1/db", PATH: "/bin" });
    expect(first).toMatchObject({ ME_NEXT_BUILD_CACHE: "off", NEXT_TELEMETRY_DISABLED: "1", PATH: "/bin" });
    expect(first.DATABASE_URL).toBeUndefined();
    fs.mkdirSync(path.join(root, ".next"));
    expect(nextBuildEnv(root, { ...process.env, ME_NEXT_BUILD_CACHE: undefined }).ME_NEXT_BUILD_CACHE).toBeUndefined();

    // and next.config.js turns the cache off for exactly that value
    const config = async (value: string | undefined) => {
      const saved = process.env.ME_NEXT_BUILD_CACHE;
      if (value === undefined) delete process.env.ME_NEXT_BUILD_CACHE;
      else process.env.ME_NEXT_BUILD_CACHE = value;
      try {
        const url = `${pathToFileURL(path.join(process.cwd(), "next.config.js")).href}?cache=${value}`;
        return ((await import(/* @vite-ignore */ url)) as { default: { experimental?: { turbopackFileSystemCacheForBuild?: boolean } } })
          .default;
      } finally {
        if (saved === undefined) delete process.env.ME_NEXT_BUILD_CACHE;
        else process.env.ME_NEXT_BUILD_CACHE = saved;
      }
    };
    expect((await config("off")).experimental?.turbopackFileSystemCacheForBuild).toBe(false);
    expect((await config(undefined)).experimental?.turbopackFileSystemCacheForBuild).toBe(true);
  });
});
