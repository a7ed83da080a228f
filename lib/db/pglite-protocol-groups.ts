// One connection's extended-protocol messages kept together on the embedded database.
//
// pglite-socket (0.2.17) serves every socket connection from PGlite's one session: it queues each
// connection's protocol messages one by one and runs them in turn, keeping one connection's
// messages together only while a transaction is open. A query with parameters is several
// messages (Parse, Bind, Describe, Execute, then Sync), and the unnamed statement that Parse makes
// belongs to the session, not the connection. So another connection's Parse could land between
// this one's Parse and Bind: the Bind then ran the other's statement, or failed ("unnamed prepared
// statement does not exist", "bind message supplies 0 parameters"). The app's own pool has one
// connection (lib/db/client.ts), but the server also reads the data version on its own connections,
// and `npm run import` reuses the server's socket: on `npm start`, searches during an import
// answered 500.
//
// The queue already has the rule needed ("while a transaction is open, serve only the connection
// that opened it"), asked through PGlite's isInTransaction(). The queue is given a view of the
// database that also answers true while a connection is inside an extended-protocol group (its
// last message was Parse, Bind, Describe, Execute, Close, Flush or CopyData), until the message
// that ends it (Sync, a simple Query, Terminate, CopyDone or CopyFail). A connection that goes away
// mid-group is handled like one that leaves a transaction open: the queue forgets it.
// Not covered: COPY FROM STDIN started by a simple Query outside a transaction (the app's imports
// copy inside their transaction).
import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** First bytes of the messages after which the same connection's next message must follow. */
const GROUP_CONTINUES = new Set(["P", "B", "D", "E", "C", "H", "d"].map((type) => type.charCodeAt(0)));

type QueueDatabase = Pick<PGlite, "isInTransaction" | "execProtocolRawStream">;

/** The socket server's query queue (internal to pglite-socket 0.2.17; checked, not assumed). */
interface QueryQueue {
  db: QueueDatabase;
}

export function keepProtocolGroupsTogether(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue?: Partial<QueryQueue> }).queryQueue;
  const db = queue?.db;
  if (!queue || !db || typeof db.isInTransaction !== "function" || typeof db.execProtocolRawStream !== "function") {
    throw new Error(
      "@electric-sql/pglite-socket changed: its server has no queryQueue.db to keep protocol groups together (lib/db/pglite-protocol-groups.ts).",
    );
  }
  let groupOpen = false;
  queue.db = new Proxy(db, {
    get(target, property) {
      if (property === "isInTransaction") return () => groupOpen || target.isInTransaction();
      if (property === "execProtocolRawStream") {
        return (message: Uint8Array, options: Parameters<PGlite["execProtocolRawStream"]>[1]) => {
          groupOpen = GROUP_CONTINUES.has(message[0]);
          return target.execProtocolRawStream(message, options);
        };
      }
      // PGlite keeps its state in private fields: its methods run on PGlite itself
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
