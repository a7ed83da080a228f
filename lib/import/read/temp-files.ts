// The temporary folders of imports, in os.tmpdir(): uploads (`me-upload-<pid>-XXXXXX`,
// lib/import/upload.ts) and URL downloads (`me-import-<pid>-XXXXXX`, lib/import/read/source.ts). Each
// is removed when its import ends, but not when the process dies mid-import (killed, out of
// memory): then a file of up to the upload limit stays behind. The pid in the name says whose a
// folder is, so the server and the importer remove, when they start, the folders of processes
// that no longer run, and never a running one's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type ImportTempKind = "upload" | "import" | "experiment";

/** me-upload-<pid>-<mkdtemp's 6 characters>; folders without a pid (older versions) are left alone */
const TEMP_DIR_NAME = /^me-(upload|import|experiment)-(\d+)-[A-Za-z0-9]{6}$/;

/** A new temporary folder for this process's import, named with its pid. */
export function makeImportTempDir(kind: ImportTempKind, root = os.tmpdir()): Promise<string> {
  return fs.promises.mkdtemp(path.join(root, `me-${kind}-${process.pid}-`));
}

/** Whether a process with this pid runs (EPERM: it does, as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the import folders in `root` whose owning process is gone; returns their paths.
 * Best effort: a folder that cannot be removed (another user's) stays, silently.
 */
export async function removeStaleImportTempDirs(root = os.tmpdir(), alive: (pid: number) => boolean = isProcessAlive): Promise<string[]> {
  const removed: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(root, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const match = TEMP_DIR_NAME.exec(entry.name);
    if (!match || !entry.isDirectory()) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || alive(pid)) continue;
    const dir = path.join(root, entry.name);
    try {
      await fs.promises.rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // not ours to remove
    }
  }
  return removed;
}

/** For start-up: removes stale folders and says so on the console; never throws. */
export async function cleanUpStaleImportTempDirs(log: (message: string) => void = console.log): Promise<void> {
  try {
    const removed = await removeStaleImportTempDirs();
    if (removed.length) log(`Removed ${removed.length} temporary import folder(s) left by stopped processes: ${removed.join(", ")}`);
  } catch {
    // never stops a start
  }
}
