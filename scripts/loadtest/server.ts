// Mode without --url: the production build served by `next start` on a free loopback port against
// DATABASE_URL, the way tests/e2e/serve.ts starts it. The server is tied to this process
// (scripts/launcher/child.ts: it exits within 0.5 s when the load test is gone, even after
// kill -9), and stop() ends it on every way out.
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import { ensurePrismaClient, ensureProductionBuild, NEXT_SERVER } from "@/scripts/launcher/build";
import { spawnTiedNode } from "@/scripts/launcher/child";

export interface StartedServer {
  url: string;
  pid: number;
  /** ends the server (SIGTERM, SIGKILL after 5 s); safe to call twice */
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1 (bound by the kernel's choice, read, closed). */
async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** How long the server may take to answer its first page: a cold Figure 4 at 1M answers took seconds; a broken start fails sooner. */
const START_TIMEOUT_MS = 120_000;
/** The server's last stderr lines, shown when it dies (under load it may log an error per request: not all of it). */
const STDERR_LINES_KEPT = 20;

export async function startProductionServer(databaseUrl: string, log: (message: string) => void): Promise<StartedServer> {
  await ensurePrismaClient(log);
  await ensureProductionBuild(log);
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawnTiedNode([NEXT_SERVER, "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    // as `npm start` runs it: with the response cache unless ME_RESPONSE_CACHE=off (scripts/server/next-server.mjs)
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const stderrTail: string[] = [];
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderrTail.push(...chunk.split("\n").filter(Boolean));
    stderrTail.splice(0, Math.max(0, stderrTail.length - STDERR_LINES_KEPT));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killTimer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killTimer);
  };
  const lastLines = () => (stderrTail.length > 0 ? `: ${stderrTail.slice(-3).join(" | ")}` : "");

  const cacheWords =
    process.env.ME_RESPONSE_CACHE === "off" ? "without the response cache: ME_RESPONSE_CACHE=off" : "with the response cache";
  log(`Starting the production server (Next.js ${cacheWords}) on ${url} (pid ${child.pid})...`);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}${lastLines()}`);
    try {
      const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      if (response.ok) break;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`next start answered / with ${response.status}${lastLines()}`);
      }
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`next start did not serve / within ${START_TIMEOUT_MS / 1000} s (${(error as Error).message})${lastLines()}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, pid: child.pid!, stop };
}
