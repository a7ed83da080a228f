// One owner per embedded data folder. PGlite is one process and one writer: two processes that
// open the same folder each keep their own copy in memory and the last to write its pages wins,
// so one side's committed imports vanished after a restart (issue 15, item 5). The lock file
// `<dataDir>.lock.json` says who owns the folder; it is created atomically (link(2) of a fully
// written temporary file fails with EEXIST when the lock exists, so two processes starting at the
// same moment cannot both win, and a reader never sees a half-written lock). A lock whose process
// is gone — or whose pid now belongs to another process (pid reuse, checked by the start time in
// /proc/<pid>/stat) — is stale and is taken over, so a crash (kill -9) never blocks the next start.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isSocketDirName } from "./embedded-url";

export interface DataLock {
  pid: number;
  /** Start time of `pid` (clock ticks since boot, /proc/<pid>/stat field 22); null where there is no /proc. */
  startTime: string | null;
  /** Who holds it, for the message a refused start prints (e.g. "npm start (http://localhost:3000)"). */
  owner: string;
  /** Folder of the owner's PostgreSQL socket; null while it is still opening the database. */
  socketDir: string | null;
}

export const lockPath = (dataDir: string) => path.join(path.dirname(dataDir), `${path.basename(dataDir)}.lock.json`);

/** The start time of a process, or null when it cannot be read (no /proc, or no such process). */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid ..." — comm may contain spaces and parentheses, so count fields after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null; // field 22 of the whole line
  } catch {
    return null;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, but another user's
  }
}

/** Whether the process that wrote the lock still runs (same pid and, where known, same start time). */
export function lockHolderAlive(lock: DataLock): boolean {
  if (!processAlive(lock.pid)) return false;
  if (lock.startTime === null) return true;
  const now = processStartTime(lock.pid);
  return now === null || now === lock.startTime;
}

export function readLock(dataDir: string): DataLock | null {
  let text: string;
  try {
    text = fs.readFileSync(lockPath(dataDir), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const lock = JSON.parse(text) as Partial<DataLock>;
    if (typeof lock.pid === "number") {
      return {
        pid: lock.pid,
        startTime: lock.startTime ?? null,
        owner: lock.owner ?? "another process",
        socketDir: lock.socketDir ?? null,
      };
    }
  } catch {
    // unreadable: written by something else; treated as a lock of a dead process below
  }
  return { pid: -1, startTime: null, owner: "an unreadable lock file", socketDir: null };
}

/** Writes `lock` to a new temporary file beside the lock and returns its path. */
function writeTemporary(dataDir: string, lock: DataLock): string {
  const temporary = `${lockPath(dataDir)}.${process.pid}.${crypto.randomUUID()}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(lock), { flag: "wx", mode: 0o600 });
  return temporary;
}

export type LockResult =
  | { acquired: true; lock: DataLock; update(patch: Partial<Pick<DataLock, "socketDir" | "owner">>): void; release(): void }
  | { acquired: false; holder: DataLock };

/**
 * Takes the lock of `dataDir`, or says who holds it. A stale lock is removed under a short-lived
 * second lock (`.takeover`), so two processes taking over the same stale lock cannot both remove
 * it and then each create their own: the second one re-reads and finds the first one's live lock.
 */
export function acquireDataLock(dataDir: string, owner: string): LockResult {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const lock: DataLock = { pid: process.pid, startTime: processStartTime(process.pid), owner, socketDir: null };
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 100; attempt++) {
    const temporary = writeTemporary(dataDir, lock);
    try {
      fs.linkSync(temporary, file); // atomic: fails with EEXIST when somebody holds the lock
      return ownedLock(dataDir, lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      fs.rmSync(temporary, { force: true });
    }
    const holder = readLock(dataDir);
    if (holder === null) continue; // released between our attempt and the read: try again
    if (holder.pid === process.pid && holder.startTime === lock.startTime) return { acquired: false, holder }; // this process already owns it
    if (lockHolderAlive(holder)) return { acquired: false, holder };
    removeStaleLock(dataDir, holder);
  }
  throw new Error(`Could not take the lock ${file}: it kept changing hands.`);
}

function removeStaleLock(dataDir: string, stale: DataLock): void {
  const takeover = `${lockPath(dataDir)}.takeover`;
  const mine = writeTemporary(dataDir, { pid: process.pid, startTime: processStartTime(process.pid), owner: "takeover", socketDir: null });
  try {
    fs.linkSync(mine, takeover);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // another process is taking over right now; if it died doing so (a window of microseconds), clear its marker
    const other = (() => {
      try {
        return JSON.parse(fs.readFileSync(takeover, "utf8")) as DataLock;
      } catch {
        return null;
      }
    })();
    if (other && !lockHolderAlive(other)) fs.rmSync(takeover, { force: true });
    return;
  } finally {
    fs.rmSync(mine, { force: true });
  }
  try {
    const current = readLock(dataDir);
    if (current && current.pid === stale.pid && current.startTime === stale.startTime) {
      fs.rmSync(lockPath(dataDir), { force: true });
      removeSocketDir(stale.socketDir);
    }
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}

/** Removes a socket folder this module created (never anything else: the name is checked). */
export function removeSocketDir(socketDir: string | null): void {
  if (socketDir && isSocketDirName(socketDir)) fs.rmSync(socketDir, { recursive: true, force: true });
}

function ownedLock(dataDir: string, lock: DataLock): LockResult {
  let current = lock;
  let released = false;
  return {
    acquired: true,
    lock,
    update(patch) {
      current = { ...current, ...patch };
      const temporary = writeTemporary(dataDir, current);
      fs.renameSync(temporary, lockPath(dataDir)); // atomic replace: readers see the old or the new lock
    },
    release() {
      if (released) return;
      released = true;
      const now = readLock(dataDir);
      if (now && now.pid === lock.pid && now.startTime === lock.startTime) fs.rmSync(lockPath(dataDir), { force: true });
    },
  };
}
