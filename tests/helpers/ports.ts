// Loopback ports for tests that need one nothing listens on: a database URL that must be refused
// (cli-errors, database-unavailable), or a free port to start a server on (private-postgres).
import net from "node:net";

/** A port on 127.0.0.1 that nothing listens on (bound, read, closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
