// A PostgreSQL server of the test's own, to stop and start while the app runs against it (issue 13,
// item 3: "the database restarted while the server runs"). The machine's shared server on 5432
// cannot be restarted: every other test uses it. Same binaries as that server (Debian's
// /usr/lib/postgresql/<version>/bin); initdb and start take about 0.7 s here. PostgreSQL refuses to
// run as root, so under root (CI) its commands run as the `postgres` user, which owns the folder.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closedPort } from "./ports";

const DEBIAN_POSTGRES = "/usr/lib/postgresql";

/** The bin folder of the newest PostgreSQL installed from Debian's packages. */
function postgresBinDir(): string {
  const versions = fs.existsSync(DEBIAN_POSTGRES)
    ? fs
        .readdirSync(DEBIAN_POSTGRES)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  const newest = versions.at(-1);
  if (!newest) throw new Error(`No PostgreSQL server binaries in ${DEBIAN_POSTGRES} (Debian's postgresql package)`);
  return path.join(DEBIAN_POSTGRES, newest, "bin");
}

export interface PrivatePostgres {
  port: number;
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url(database: string): string;
  /** Runs a bin tool of the same version (pg_dump, pg_restore, createdb: pass the server with -d URL or -h/-p); returns its stdout. */
  run(tool: string, args: string[]): string;
  /** The server's own folder (owned by the user it runs as): for dump files. */
  folder: string;
  /** Fast shutdown, as a restart does: open sessions are terminated (57P01), new ones refused. */
  stop(): void;
  /** Starts the server if it is stopped (a no-op while it runs). */
  start(): void;
  /** Stops the server at once and deletes its folder. */
  destroy(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "me-private-pg-"));
  const data = path.join(root, "data");
  const log = path.join(root, "server.log");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    fs.chownSync(root, uid, gid);
  }
  const port = await closedPort();
  const run = (tool: string, args: string[]): string => {
    const [command, commandArgs] = asRoot
      ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]]
      : [path.join(bin, tool), args];
    return execFileSync(command, commandArgs, {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  };
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`;
  let running = false;
  const start = () => {
    if (running) return;
    run("pg_ctl", ["-D", data, "-l", log, "-o", options, "-w", "start"]);
    running = true;
  };
  const stop = () => {
    run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    running = false;
  };
  start();
  return {
    port,
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    run,
    folder: root,
    stop,
    start,
    destroy: () => {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
