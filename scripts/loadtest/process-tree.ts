// The server's resident memory: VmRSS of a process and all its descendants, from /proc (Linux).
// Summed over the tree because the pid given may be a launcher (`npm start`, `npm run loadtest`'s
// own `next start`) whose server runs in a child process; each process's own RSS counts the
// pages it maps, so shared library pages are counted once per process (an upper bound).
import fs from "node:fs";

/** The pid and every descendant of `root`, given each process's parent pid. Pure. */
export function processTree(root: number, parentOf: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, parent] of parentOf) {
    const siblings = children.get(parent);
    if (siblings) siblings.push(pid);
    else children.set(parent, [pid]);
  }
  const tree: number[] = [];
  const pending = [root];
  const seen = new Set<number>();
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    tree.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree.sort((a, b) => a - b);
}

/** The parent pid field of /proc/PID/stat ("pid (comm) state ppid ..."; comm may hold spaces and parentheses). */
export function parentPidOfStat(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const parent = Number(fields[1]);
  return Number.isInteger(parent) ? parent : null;
}

/** VmRSS of /proc/PID/status in bytes; null when the line is missing (a kernel thread, a zombie). */
export function rssBytesOfStatus(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

function readProcFile(pid: number, name: string): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/${name}`, "utf8");
  } catch {
    return null; // the process ended while we looked
  }
}

/** RSS of `pid` and its descendants in bytes; null when the process does not exist (or no /proc). */
export function processTreeRssBytes(pid: number): number | null {
  if (readProcFile(pid, "status") === null) return null;
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcFile(Number(entry), "stat");
    const parent = stat === null ? null : parentPidOfStat(stat);
    if (parent !== null) parentOf.set(Number(entry), parent);
  }
  let total = 0;
  for (const member of processTree(pid, parentOf)) {
    const status = readProcFile(member, "status");
    total += (status === null ? null : rssBytesOfStatus(status)) ?? 0;
  }
  return total;
}
