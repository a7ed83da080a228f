// Embedded PostgreSQL (PGlite) served over the wire protocol, so the app, the importer and Prisma
// connect to it exactly as to a real PostgreSQL. Used when DATABASE_URL is unset. PGlite is one
// process and one writer: the lock of lib/db/data-lock.ts gives the folder one owner; the importer
// and the other CLI commands reuse the owner's server (`reuse`), `npm start` refuses instead.
//
// The server listens on a Unix socket in a fresh 0700 folder, not on a TCP port: pglite-socket
// answers every startup message with "authentication ok" (it has no password check), so on a TCP
// port any local process of any user could write to the database and bypass ADMIN_TOKEN. The
// socket folder admits only this user's processes — which can read .data/pglite directly anyway.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { acquireDataLock, lockHolderAlive, readLock, removeSocketDir, type DataLock } from "./data-lock";
import { SOCKET_DIR_PREFIX } from "./embedded-url";
import { keepProtocolGroupsTogether } from "./pglite-protocol-groups";

export { processAlive } from "./data-lock";

export const DEFAULT_DATA_DIR = path.join(process.cwd(), ".data", "pglite");

export interface EmbeddedServer {
  url: string;
  /** true when this call created the data folder (a brand-new, empty database) */
  created: boolean;
  /** true when this process owns the server (false: reusing another process's server) */
  owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir?: string;
  /** Connect to the server of the process that owns the folder (default) instead of refusing. */
  reuse?: boolean;
  /** Who this process is, for the message another start prints (default: the command line). */
  owner?: string;
  /** How long to wait for an owner that is still opening the database (default 60 s). */
  waitMs?: number;
}

/** The folder is owned by another running process (and `reuse` was off, or its server never came up). */
export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: DataLock,
  ) {
    const shown = path.relative(process.cwd(), dataDir) || dataDir;
    super(
      `the embedded database in ${shown.startsWith("..") ? dataDir : shown} is in use by ${holder.owner} (pid ${holder.pid}); ` +
        "stop it, or give this one a database of its own with DATABASE_URL",
    );
    this.name = "EmbeddedDatabaseInUseError";
  }
}

/** The socket file in its folder: pg connects to <host>/.s.PGSQL.<port> when host is a folder; 5432 is only the socket's name. */
export const SOCKET_NAME = ".s.PGSQL.5432";
export const urlForSocketDir = (socketDir: string) =>
  `postgres://postgres:postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}&sslmode=disable`;

/** "the import command" for scripts/import.ts: what a refused start tells the user. */
const defaultOwner = () => `the ${path.basename(process.argv[1] ?? "node").replace(/\.[cm]?[jt]s$/, "")} command`;

/** Returns the URL of an embedded server already running on this data folder, if any. */
export async function findRunningEmbeddedServer(dataDir = DEFAULT_DATA_DIR): Promise<string | null> {
  const lock = readLock(dataDir);
  if (lock?.socketDir && lockHolderAlive(lock) && fs.existsSync(path.join(lock.socketDir, SOCKET_NAME))) {
    return urlForSocketDir(lock.socketDir);
  }
  return null;
}

/** Refuses early (before any slower step) when a live process owns the folder; the lock is still taken atomically later. */
export function assertEmbeddedDatabaseFree(dataDir = DEFAULT_DATA_DIR): void {
  const lock = readLock(path.resolve(dataDir));
  if (lock && lock.pid !== process.pid && lockHolderAlive(lock)) throw new EmbeddedDatabaseInUseError(path.resolve(dataDir), lock);
}

/** Polls the lock until its live owner has its server up; null when the owner is gone. */
async function waitForOwnersServer(dataDir: string, waitMs: number): Promise<{ url: string } | { holder: DataLock } | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const lock = readLock(dataDir);
    if (!lock || !lockHolderAlive(lock)) return null;
    const url = await findRunningEmbeddedServer(dataDir);
    if (url) return { url };
    if (Date.now() > deadline) return { holder: lock };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startEmbeddedServer(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const reuse = options.reuse ?? true;
  for (let attempt = 0; ; attempt++) {
    const result = acquireDataLock(dataDir, options.owner ?? defaultOwner());
    if (result.acquired) return openOwned(dataDir, result);
    if (!reuse) throw new EmbeddedDatabaseInUseError(dataDir, result.holder);
    const running = await waitForOwnersServer(dataDir, options.waitMs ?? 60_000);
    if (running && "url" in running) return { url: running.url, created: false, owned: false, stop: async () => undefined };
    if (running) throw new EmbeddedDatabaseInUseError(dataDir, running.holder);
    if (attempt >= 3) throw new EmbeddedDatabaseInUseError(dataDir, result.holder);
    // the owner stopped meanwhile: take the folder ourselves
  }
}

async function openOwned(dataDir: string, lock: Extract<ReturnType<typeof acquireDataLock>, { acquired: true }>): Promise<EmbeddedServer> {
  let socketDir: string | null = null;
  try {
    // Imported lazily: the WebAssembly build is large and only needed in embedded mode.
    const { PGlite } = await import("@electric-sql/pglite");
    const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");

    const created = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
    fs.mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    // mkdtemp creates the folder with mode 0700; a short path because a socket path has at most ~104 bytes.
    socketDir = fs.mkdtempSync(path.join(os.tmpdir(), SOCKET_DIR_PREFIX));
    const server = new PGLiteSocketServer({ db, path: path.join(socketDir, SOCKET_NAME), maxConnections: 100 });
    keepProtocolGroupsTogether(server);
    try {
      await server.start();
    } catch (error) {
      await db.close();
      throw error;
    }
    lock.update({ socketDir });

    let stopped = false;
    const ownSocketDir = socketDir;
    return {
      url: urlForSocketDir(socketDir),
      created,
      owned: true,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await server.stop();
          await db.close();
        } finally {
          lock.release();
          removeSocketDir(ownSocketDir);
        }
      },
    };
  } catch (error) {
    lock.release();
    removeSocketDir(socketDir);
    throw error;
  }
}
