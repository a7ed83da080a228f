// A transaction whose connection was lost must still give its connection back to the pool.
//
// Prisma 6.19.3 (adapter-pg) ends a failed interactive transaction by sending ROLLBACK and then
// releasing the connection, in that order, and releases only if the ROLLBACK succeeded. On a
// connection that died under the transaction (pg_terminate_backend, a database restart) the
// ROLLBACK fails too, so the connection was never released: measured with a pool of 2, two
// transactions killed that way left 2 of 2 connections checked out for good, and every later query
// waited forever. With the app's pool of 10, ten such moments would have stopped the server until a
// restart.
//
// The transaction is already over when its connection is gone: PostgreSQL rolls back the
// transaction of a backend that ends. So a ROLLBACK on a connection that can no longer be used
// answers as done, Prisma releases the connection, and pg-pool drops it (a released client that is
// not queryable is removed, not kept idle). A ROLLBACK on a live connection runs as before.
import pg from "pg";

/** What pg answers for a ROLLBACK, without sending it. */
const ROLLBACK_DONE = { command: "ROLLBACK", rowCount: null, oid: null, rows: [], fields: [] };

function isRollback(config: unknown): boolean {
  const text = typeof config === "string" ? config : (config as { text?: unknown } | null)?.text;
  return typeof text === "string" && text.trim().toUpperCase() === "ROLLBACK";
}

/** The app's pool client: a ROLLBACK on a lost connection counts as done (see the file's comment). */
export class RollbackSafeClient extends pg.Client {
  /** pg's own flags: false once the connection failed or is ending (pg-pool reads the same ones). */
  private connectionUsable(): boolean {
    const client = this as unknown as { _queryable?: boolean; _ending?: boolean };
    return client._queryable !== false && client._ending !== true;
  }

  // pg's overloads of query() are many; this forwards every form unchanged except a promised ROLLBACK
  override query(...args: unknown[]): never {
    const forward = () => (super.query as (...forwarded: unknown[]) => never)(...args);
    if (!isRollback(args[0]) || typeof args.at(-1) === "function") return forward();
    if (!this.connectionUsable()) return Promise.resolve(ROLLBACK_DONE) as never;
    return (forward() as Promise<unknown>).catch((error: unknown) => {
      // the connection died during the ROLLBACK itself: the backend's end rolled the transaction back
      if (!this.connectionUsable()) return ROLLBACK_DONE;
      throw error;
    }) as never;
  }
}
