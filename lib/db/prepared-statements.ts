// Named prepared statements for the few hot queries whose parsing and planning cost more than
// their execution. Prisma (adapter-pg) sends every raw query as an unnamed statement: Parse, Bind,
// Execute each time, so PostgreSQL parses, analyses and plans it again. A query whose text starts
// with PREPARED_STATEMENT is given a name (a hash of its text) by the pool's client class, so pg
// parses it once per connection and then only binds and executes it. PostgreSQL still plans each
// run while its generic plan costs more than the custom ones: for the one-statement search page
// (lib/queries/answer-list.ts, keysetCardsInOneStatement) it kept custom plans (40 of 40 runs at
// 1M answers; a forced generic plan took 650-750 ms against 4.6-5.0 ms), so only the parse is
// saved there: 0-1.5 ms a page. Everything else stays as it was: transactions and timeouts are
// Prisma's, the pool and the mapping of connection errors lib/db/client.ts's.
import { createHash } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { RollbackSafeClient } from "./lost-connection";

const MARK = "/* prepared statement */";

/** Put first in a query's SQL: the query is prepared once per connection (see the file's comment). */
export const PREPARED_STATEMENT = Prisma.raw(`${MARK}\n`);

/**
 * Names a connection prepares at most: each keeps a plan in its server process, and a query's text
 * varies with its filters and sort (a few dozen shapes in practice). Past this, the connection runs
 * new texts unnamed, as before.
 */
export const PREPARED_STATEMENTS_PER_CONNECTION = 100;

/** The name a query of this text is prepared under. */
export function preparedStatementName(text: string): string {
  return `me_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
}

type QueryConfigLike = { text?: unknown; name?: unknown };

function isMarkedConfig(config: unknown): config is QueryConfigLike & { text: string } {
  return (
    typeof config === "object" &&
    config !== null &&
    typeof (config as QueryConfigLike).text === "string" &&
    (config as QueryConfigLike).name === undefined &&
    (config as { text: string }).text.startsWith(MARK)
  );
}

/**
 * The app's pool client on PostgreSQL: names the marked queries (at most
 * PREPARED_STATEMENTS_PER_CONNECTION of them), and releases a lost transaction's connection (RollbackSafeClient).
 */
export class PreparingClient extends RollbackSafeClient {
  private readonly prepared = new Set<string>();

  // pg's overloads of query() are many; this forwards every form unchanged except the marked config
  override query(...args: unknown[]): never {
    const [config, ...rest] = args;
    if (isMarkedConfig(config)) {
      const name = preparedStatementName(config.text);
      if (this.prepared.has(name) || this.prepared.size < PREPARED_STATEMENTS_PER_CONNECTION) {
        this.prepared.add(name);
        return (super.query as (...forwarded: unknown[]) => never)({ ...config, name }, ...rest);
      }
    }
    return (super.query as (...forwarded: unknown[]) => never)(config, ...rest);
  }
}
