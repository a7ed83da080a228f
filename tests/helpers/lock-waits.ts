// Barriers for race tests: instead of sleeping and hoping a contender has reached the lock, poll
// PostgreSQL until it is seen waiting on one (pg_stat_activity.wait_event_type = 'Lock').
import type pg from "pg";
import { vi } from "vitest";

/**
 * Backend pids of the current database's sessions waiting on a lock right now. `watcher` must not
 * be inside a transaction: pg_stat_activity is a snapshot taken once per transaction.
 */
export async function sessionsWaitingOnLock(watcher: pg.Client): Promise<number[]> {
  const { rows } = await watcher.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
  );
  return rows.map((row) => row.pid);
}

/**
 * Polls (every 20 ms, 60 s at most) until `done(waiting pids)` holds; the error names `what`.
 * 60 s, not 30: two `npx tsx scripts/import.ts` processes took over 30 s to reach the lock at a
 * load average of 15 (import-races, measured).
 */
export async function untilWaitingOnLock(watcher: pg.Client, done: (waiting: number[]) => boolean, what: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const waiting = await sessionsWaitingOnLock(watcher);
      if (!done(waiting)) throw new Error(`never seen waiting on a lock: ${what} (waiting now: ${JSON.stringify(waiting)})`);
    },
    { timeout: 60_000, interval: 20 },
  );
}

/** The backend pid of a connected client. */
export async function backendPid(client: pg.Client): Promise<number> {
  return (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
}
