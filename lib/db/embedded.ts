// Embedded PostgreSQL (PGlite) served over the wire protocol on a local port, so the app, the
// importer and Prisma connect to it exactly as to a real PostgreSQL. Used when DATABASE_URL is
// unset. PGlite is one process and one writer: a lock file lets a second process (the importer
// while the dashboard runs) reuse the running server instead of opening the folder twice.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const DEFAULT_DATA_DIR = path.join(process.cwd(), ".data", "pglite");

export interface EmbeddedServer {
  url: string;
  /** true when this call created the data folder (a brand-new, empty database) */
  created: boolean;
  /** true when this process owns the server (false: reusing another process's server) */
  owned: boolean;
  stop(): Promise<void>;
}

interface LockFile {
  pid: number;
  port: number;
}

const lockPath = (dataDir: string) => path.join(path.dirname(dataDir), `${path.basename(dataDir)}.lock.json`);

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

const urlForPort = (port: number) => `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;

/** Returns the URL of an embedded server already running on this data folder, if any. */
export async function findRunningEmbeddedServer(dataDir = DEFAULT_DATA_DIR): Promise<string | null> {
  try {
    const lock = JSON.parse(fs.readFileSync(lockPath(dataDir), "utf8")) as LockFile;
    if (lock.pid !== process.pid && processAlive(lock.pid) && (await portAccepts(lock.port))) {
      return urlForPort(lock.port);
    }
  } catch {
    // no lock file or unreadable: nothing running
  }
  return null;
}

export async function startEmbeddedServer(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedServer> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const running = await findRunningEmbeddedServer(dataDir);
  if (running) return { url: running, created: false, owned: false, stop: async () => undefined };

  // Imported lazily: the WebAssembly build is large and only needed in embedded mode.
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");

  const created = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
  fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: options.port ?? 0, maxConnections: 100 });
  await server.start();
  const port = Number(server.getServerConn().split(":").pop());
  fs.writeFileSync(lockPath(dataDir), JSON.stringify({ pid: process.pid, port } satisfies LockFile));

  let stopped = false;
  return {
    url: urlForPort(port),
    created,
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      fs.rmSync(lockPath(dataDir), { force: true });
    },
  };
}
