// One owner per embedded data folder, and no orphaned server (issue 15, item 5), with real
// processes: contenders taking the lock at the same moment, stale locks of dead (or reused) pids,
// a refused second owner with a clear message, takeover after kill -9, and the server process
// ending with its launcher even after kill -9.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { acquireDataLock, lockPath, processAlive, processStartTime } from "@/lib/db/data-lock";
import { EmbeddedDatabaseInUseError, startEmbeddedServer } from "@/lib/db/embedded";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-lock-"));
const started: ChildProcess[] = [];
const strayPids: number[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const pid of strayPids.splice(0)) if (processAlive(pid)) process.kill(pid, "SIGKILL"); // a failed run's orphans
});
afterAll(() => {
  fs.rmSync(tempDir, { recursive: true, force: true });
});

/** A TypeScript helper in its own node process (tsx loader in-process, so its pid is the one we kill). */
function runTs(script: string, args: string[]): { child: ChildProcess; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  started.push(child);
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, lines };
}

async function nextLine(lines: AsyncIterator<string>): Promise<string> {
  const { value, done } = await lines.next();
  if (done) throw new Error("the helper process ended early");
  return value;
}

const exited = (child: ChildProcess) =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.on("exit", resolve)));

/** Polls until `condition` holds (vitest's vi.waitFor), failing after `ms`. */
async function waitFor(condition: () => boolean, ms: number, what: string): Promise<void> {
  await vi.waitFor(
    () => {
      if (!condition()) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    },
    { timeout: ms, interval: 50 },
  );
}

/** Alive and not a zombie (an orphan's zombie lingers until init reaps it). */
function running(pid: number): boolean {
  if (!processAlive(pid)) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid!;
}

describe("the data folder lock", () => {
  it("four processes taking it at the same moment: exactly one owns it, the others name the owner", async () => {
    for (let round = 0; round < 2; round++) {
      const dataDir = path.join(tempDir, `race-${round}`, "pglite");
      const contenders = Array.from({ length: 4 }, (_, i) => runTs("tests/helpers/lock-contender.ts", [dataDir, `contender ${i}`]));
      for (const { lines } of contenders) expect(await nextLine(lines)).toBe("ready");
      for (const { child } of contenders) child.stdin!.write("go\n"); // the barrier: all are loaded and waiting
      const results = await Promise.all(contenders.map(async ({ lines }) => JSON.parse(await nextLine(lines))));
      const owners = results.filter((result) => result.acquired);
      expect(owners, JSON.stringify(results)).toHaveLength(1);
      for (const refused of results.filter((result) => !result.acquired)) {
        expect(refused.holder.pid).toBe(owners[0].pid);
        expect(refused.holder.owner).toMatch(/^contender \d$/);
      }
      for (const { child } of contenders) child.stdin!.end();
      await Promise.all(contenders.map(({ child }) => exited(child)));
      expect(fs.existsSync(lockPath(dataDir))).toBe(false); // released by its owner
    }
  });

  it("takes over a stale lock: a dead pid, or a live pid that is another process now (pid reuse)", async () => {
    const dataDir = path.join(tempDir, "stale", "pglite");
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    const write = (lock: object) => fs.writeFileSync(lockPath(dataDir), JSON.stringify(lock));

    write({ pid: await deadPid(), startTime: null, owner: "npm start at http://localhost:3000", socketDir: null });
    const first = acquireDataLock(dataDir, "test");
    expect(first.acquired).toBe(true);
    if (first.acquired) first.release();

    const live = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
    started.push(live);
    await waitFor(() => processStartTime(live.pid!) !== null, 5000, "the helper's /proc entry");
    write({ pid: live.pid, startTime: "1", owner: "an earlier process with this pid", socketDir: null });
    const second = acquireDataLock(dataDir, "test");
    expect(second.acquired).toBe(true);
    if (second.acquired) second.release();

    write({ pid: live.pid, startTime: processStartTime(live.pid!), owner: "npm start at http://localhost:3000", socketDir: null });
    const refused = acquireDataLock(dataDir, "test");
    expect(refused).toMatchObject({ acquired: false, holder: { pid: live.pid, owner: "npm start at http://localhost:3000" } });
  });
});

// PGlite work runs in this process on a shared core: 13 s to create a database on a quiet 2-core
// machine, over 60 s at load 12 (CI of 44996c1 beside five helpers). The timeout guards hangs, not speed.
describe("the embedded server", { timeout: 180_000 }, () => {
  it("two starts on one folder at the same moment: one opens it, the other refuses and opens nothing", async () => {
    const dataDir = path.join(tempDir, "server-race", "pglite");
    const contenders = ["a", "b"].map((name) => runTs("tests/helpers/lock-contender.ts", [dataDir, `npm start ${name}`, "server"]));
    for (const { lines } of contenders) expect(await nextLine(lines)).toBe("ready");
    for (const { child } of contenders) child.stdin!.write("go\n");
    const results = await Promise.all(contenders.map(async ({ lines }) => JSON.parse(await nextLine(lines))));
    expect(
      results.filter((result) => result.acquired),
      JSON.stringify(results),
    ).toHaveLength(1);
    const refused = results.find((result) => !result.acquired);
    expect(refused.error).toMatch(/is in use by npm start [ab] \(pid \d+\); stop it/);
    for (const { child } of contenders) child.stdin!.end();
    await Promise.all(contenders.map(({ child }) => exited(child)));
    expect(fs.existsSync(lockPath(dataDir))).toBe(false); // the owner stopped its server and released the folder
  });

  it("refuses a second owner with one clear line, lets the importer reuse it, and is taken over after kill -9", async () => {
    const dataDir = path.join(tempDir, "server", "pglite");
    const owner = runTs("tests/helpers/embedded-owner.ts", [dataDir]);
    const url = await nextLine(owner.lines);

    const second = startEmbeddedServer({ dataDir, reuse: false, owner: "npm start at http://localhost:3001" });
    await expect(second).rejects.toThrow(EmbeddedDatabaseInUseError);
    await expect(second).rejects.toThrow(
      new RegExp(
        `^the embedded database in .*server/pglite is in use by npm start at http://localhost:3000 \\(pid ${owner.child.pid}\\); stop it`,
      ),
    );

    const reused = await startEmbeddedServer({ dataDir }); // what `npm run import` does
    expect(reused).toMatchObject({ owned: false, url });
    const client = new pg.Client({ connectionString: reused.url });
    await client.connect();
    await client.query("CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2), (3)");
    await client.end();

    owner.child.kill("SIGKILL");
    await waitFor(() => owner.child.exitCode !== null || owner.child.signalCode !== null, 10_000, "the owner to die");
    const next = await startEmbeddedServer({ dataDir, reuse: false });
    try {
      expect(next.owned).toBe(true);
      const after = new pg.Client({ connectionString: next.url });
      await after.connect();
      expect((await after.query("SELECT count(*)::int AS n FROM kept")).rows[0].n).toBe(3);
      await after.end();
    } finally {
      await next.stop();
    }
  });

  it("accepts connections only from this user: a Unix socket in a 0700 folder, no TCP port", async () => {
    const server = await startEmbeddedServer({ dataDir: path.join(tempDir, "socket", "pglite") });
    try {
      const socketDir = new URL(server.url).searchParams.get("host")!;
      expect(fs.statSync(socketDir).mode & 0o777).toBe(0o700);
      expect(new URL(server.url).port).toBe("");
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(new URL(server.url).searchParams.get("host")!)).toBe(false);
  });
});

describe("the server process", () => {
  it("ends with its launcher, also after kill -9 of the launcher (and so does the process it forked)", async () => {
    const launcher = runTs("tests/helpers/tied-launcher.ts", [path.join(tempDir, "stub-server.cjs")]);
    const { child, grandchild } = JSON.parse(await nextLine(launcher.lines)) as { child: number; grandchild: number };
    strayPids.push(child, grandchild);
    expect(running(child) && running(grandchild)).toBe(true);
    launcher.child.kill("SIGKILL");
    const killedAt = performance.now();
    await waitFor(() => !running(child) && !running(grandchild), 10_000, "the orphaned server processes to exit");
    console.log(`orphaned stub server exited ${(performance.now() - killedAt).toFixed(0)} ms after kill -9 of its launcher`);
  });
});
