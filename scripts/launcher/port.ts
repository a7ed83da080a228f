// Whether a port is free before the launcher starts Next.js on it: an occupied port (an earlier
// server still running) used to show "is running" — the old server answered the readiness poll —
// and then Next failed with EADDRINUSE. Now the start says so in one line and stops.
import net from "node:net";

/** The error code of listening on host:port (e.g. "EADDRINUSE", "EACCES"), or null when it is free. */
export function probePort(port: number, host: string): Promise<string | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}
