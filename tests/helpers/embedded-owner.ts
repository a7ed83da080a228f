// Owns an embedded database in its own process (tests/integration/embedded-lock.test.ts): prints
// the server URL, then serves until killed.
import { startEmbeddedServer } from "@/lib/db/embedded";

const server = await startEmbeddedServer({ dataDir: process.argv[2], reuse: false, owner: "npm start at http://localhost:3000" });
console.log(server.url);
setInterval(() => undefined, 60_000);
