// Temporary import folders left by a process that died mid-import (issue 15, item 10): named with
// the owner's pid, removed at the next start when that process no longer runs; a running
// process's folders, this process's own and folders of other names stay.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { isProcessAlive, makeImportTempDir, removeStaleImportTempDirs } from "@/lib/import/read/temp-files";
import { storeUpload } from "@/lib/import/upload";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "me-temp-files-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The pid of a process that has exited (a child that ran and was reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
  const pid = Number(child.stdout.trim());
  expect(isProcessAlive(pid)).toBe(false);
  return pid;
}

function folder(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "upload"), "left behind");
  return dir;
}

describe("temporary import folders", () => {
  it("are named with the owning process's pid, for uploads and for downloads", async () => {
    expect(path.basename(await makeImportTempDir("upload", root))).toMatch(new RegExp(`^me-upload-${process.pid}-[A-Za-z0-9]{6}$`));
    expect(path.basename(await makeImportTempDir("import", root))).toMatch(new RegExp(`^me-import-${process.pid}-[A-Za-z0-9]{6}$`));
    const stored = await storeUpload(new Blob(["some,bytes\n"]).stream(), 1024);
    try {
      expect(path.basename(path.dirname(stored.path))).toMatch(new RegExp(`^me-upload-${process.pid}-`));
    } finally {
      await stored.cleanup();
    }
  });

  it("removes the folders of processes that no longer run, and only those", async () => {
    for (const name of fs.readdirSync(root)) fs.rmSync(path.join(root, name), { recursive: true });
    const dead = deadPid();
    const staleUpload = folder(`me-upload-${dead}-aB3dE9`);
    const staleDownload = folder(`me-import-${dead}-Zz0000`);
    const kept = [
      folder(`me-upload-${process.pid}-mine01`), // this process: importing right now, maybe
      folder(`me-upload-${process.ppid}-parent`), // a running process
      folder("me-upload-Ab12cd"), // no pid in the name (an older version's): whose is unknown
      folder("me-import-it-x1y2z3"), // a test's folder
      folder(`me-uploads-${dead}-other1`), // not ours
    ];
    fs.writeFileSync(path.join(root, `me-upload-${dead}-afile1`), "a file, not a folder");

    expect((await removeStaleImportTempDirs(root)).sort()).toEqual([staleDownload, staleUpload].sort());
    expect(fs.existsSync(staleUpload) || fs.existsSync(staleDownload)).toBe(false);
    for (const dir of kept) expect(fs.existsSync(dir), dir).toBe(true);
    expect(fs.existsSync(path.join(root, `me-upload-${dead}-afile1`))).toBe(true);
    expect(await removeStaleImportTempDirs(root)).toEqual([]);
  });
});

describe("server start-up (instrumentation.ts register())", () => {
  it("removes the stale folders in the system temp folder", async () => {
    const stale = path.join(os.tmpdir(), `me-upload-${deadPid()}-strtup`);
    fs.mkdirSync(stale);
    const previous = process.env.NEXT_RUNTIME;
    process.env.NEXT_RUNTIME = "nodejs";
    const previousUrl = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL; // no search indexing
    try {
      const { register } = await import("@/instrumentation");
      await register();
      // the removal runs in the background, not holding up the start: wait for it
      await vi.waitFor(() => expect(fs.existsSync(stale)).toBe(false), { timeout: 10_000, interval: 20 });
    } finally {
      fs.rmSync(stale, { recursive: true, force: true });
      if (previous === undefined) delete process.env.NEXT_RUNTIME;
      else process.env.NEXT_RUNTIME = previous;
      if (previousUrl !== undefined) process.env.DATABASE_URL = previousUrl;
    }
  });
});
