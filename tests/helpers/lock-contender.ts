// A process that takes the embedded data folder when told to (tests/integration/embedded-lock.test.ts):
// prints "ready", waits for "go" on stdin (so several contenders start at the same moment), tries
// acquireDataLock — or, with "server", startEmbeddedServer as `npm start` does — prints the result
// as JSON, and holds the folder until stdin closes.
import readline from "node:readline";
import { acquireDataLock } from "@/lib/db/data-lock";
import { startEmbeddedServer, type EmbeddedServer } from "@/lib/db/embedded";

const [dataDir, owner, mode] = process.argv.slice(2);
const lines = readline.createInterface({ input: process.stdin });
console.log("ready");
let release: (() => Promise<void> | void) | null = null;
let tried = false;

async function attempt(): Promise<object> {
  if (mode === "server") {
    let server: EmbeddedServer;
    try {
      server = await startEmbeddedServer({ dataDir, reuse: false, owner });
    } catch (error) {
      return { acquired: false, pid: process.pid, error: (error as Error).message };
    }
    release = () => server.stop();
    return { acquired: server.owned, pid: process.pid };
  }
  const result = acquireDataLock(dataDir, owner);
  if (!result.acquired) return { acquired: false, pid: process.pid, holder: result.holder };
  release = () => result.release();
  return { acquired: true, pid: process.pid };
}

lines.on("line", (line) => {
  if (line !== "go" || tried) return;
  tried = true;
  void attempt().then((result) => console.log(JSON.stringify(result)));
});
lines.on("close", () => {
  void Promise.resolve(release?.()).then(() => process.exit(0));
});
