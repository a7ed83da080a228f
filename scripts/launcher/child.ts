// How the launcher starts the server process: tied to the launcher's life (it exits when the
// launcher is gone, even after kill -9; scripts/launcher/exit-with-parent.cjs).
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

export const EXIT_WITH_PARENT = path.join(process.cwd(), "scripts", "launcher", "exit-with-parent.cjs");

/** `node --require exit-with-parent.cjs` through NODE_OPTIONS, so the server's own child processes get it too. */
export function spawnTiedNode(args: string[], options: SpawnOptions & { env: NodeJS.ProcessEnv }): ChildProcess {
  const preload = `--require ${JSON.stringify(EXIT_WITH_PARENT)}`;
  const nodeOptions = [options.env.NODE_OPTIONS, preload].filter(Boolean).join(" ");
  return spawn(process.execPath, args, {
    ...options,
    env: { ...options.env, NODE_OPTIONS: nodeOptions, ME_LAUNCHER_PID: String(process.pid) },
  });
}

/** Calls `onGone` when this process's own parent is gone (e.g. the `tsx` or `npm` above the launcher was killed). */
export function watchOwnParent(onGone: () => void): () => void {
  const require = createRequire(import.meta.url);
  const { watchParent } = require(EXIT_WITH_PARENT) as { watchParent: (onGone: () => void, launcherPid: number | null) => () => void };
  return watchParent(onGone, null);
}
