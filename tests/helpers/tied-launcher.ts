// A stand-in for scripts/start.ts (tests/integration/embedded-lock.test.ts): starts a stub server
// through the launcher's own spawn path (spawnTiedNode) and prints its pids; the stub forks a
// grandchild the way `next dev` runs its server in a child process.
import { spawnTiedNode } from "@/scripts/launcher/child";

const STUB = `
const { fork } = require("node:child_process");
if (process.argv[2] === "grandchild") {
  setInterval(() => undefined, 1000);
} else {
  const grandchild = fork(__filename, ["grandchild"], { stdio: "inherit" });
  console.log(JSON.stringify({ child: process.pid, grandchild: grandchild.pid }));
  setInterval(() => undefined, 1000);
}
`;

const [stubFile] = process.argv.slice(2);
(await import("node:fs")).writeFileSync(stubFile, STUB);
const child = spawnTiedNode([stubFile], { stdio: "inherit", env: { ...process.env } });
child.on("exit", () => process.exit(0));
