// Keeps the generated Prisma client and the production build current, so `npm start` works from
// a fresh clone (npm 11 runs no postinstall scripts) and never serves a build older than the code.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const PROJECT_ROOT = process.cwd();
export const NEXT_BIN = path.join(PROJECT_ROOT, "node_modules", "next", "dist", "bin", "next");
/** The production server: Next.js behind the response cache (`node NEXT_SERVER -p PORT -H HOST`; scripts/server/next-server.mjs). */
export const NEXT_SERVER = path.join(PROJECT_ROOT, "scripts", "server", "next-server.mjs");
const PRISMA_BIN = path.join(PROJECT_ROOT, "node_modules", "prisma", "build", "index.js");

/** What the production build is made from (relative to the project root). */
export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "prisma/schema.prisma",
  "next.config.js",
  "package.json",
  "postcss.config.mjs",
  "tsconfig.json",
];
/** Not inputs of the build even though they sit under an input folder. */
const BUILD_INPUT_EXCLUDES = ["lib/generated"];

/** Newest modification time (ms) of any file under the given paths; 0 when none exist. */
export function newestMtime(root: string, relativePaths: string[], excludes: string[] = []): number {
  const excluded = new Set(excludes.map((rel) => path.join(root, rel)));
  let newest = 0;
  const visit = (file: string) => {
    if (excluded.has(file)) return;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return; // optional input (e.g. public/ may be absent)
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file)) visit(path.join(file, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const rel of relativePaths) visit(path.join(root, rel));
  return newest;
}

export type BuildState = { current: true } | { current: false; reason: string };

/** Whether .next holds a production build newer than every build input. */
export function buildState(root: string = PROJECT_ROOT): BuildState {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return { current: false, reason: "no production build yet" };
  const builtAt = fs.statSync(buildId).mtimeMs;
  const changedAt = newestMtime(root, BUILD_INPUTS, BUILD_INPUT_EXCLUDES);
  if (changedAt > builtAt) return { current: false, reason: "source files changed since the last build" };
  return { current: true };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env, cwd: PROJECT_ROOT });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(" ")} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** Whether lib/generated/prisma exists and is at least as new as the schema. */
export function prismaClientCurrent(root: string = PROJECT_ROOT): boolean {
  const client = path.join(root, "lib", "generated", "prisma", "client.ts");
  const schema = path.join(root, "prisma", "schema.prisma");
  return fs.existsSync(client) && fs.statSync(client).mtimeMs >= fs.statSync(schema).mtimeMs;
}

/** `prisma generate` (lib/generated/prisma). */
export function generatePrismaClient(): Promise<void> {
  return run(process.execPath, [PRISMA_BIN, "generate"], { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" });
}

/** Runs `prisma generate` when lib/generated/prisma is missing or older than the schema. */
export async function ensurePrismaClient(log: (message: string) => void): Promise<boolean> {
  if (prismaClientCurrent()) return false;
  log("Generating the Prisma client (prisma generate)...");
  await generatePrismaClient();
  return true;
}

/** `next build`. Pages read the database at request time only, so the build gets no DATABASE_URL. */
export function runNextBuild(): Promise<void> {
  return run(process.execPath, [NEXT_BIN, "build"], nextBuildEnv());
}

/** The environment of `next build`: no DATABASE_URL, no telemetry, and no build cache written into a project without .next. */
export function nextBuildEnv(root: string = PROJECT_ROOT, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DATABASE_URL;
  // no .next at all (a fresh clone): no build cache to reuse, so none is written (next.config.js)
  if (!fs.existsSync(path.join(root, ".next"))) env.ME_NEXT_BUILD_CACHE = "off";
  return env;
}

/** Runs `next build` when the production build is missing or stale; returns whether it built. */
export async function ensureProductionBuild(log: (message: string) => void): Promise<boolean> {
  const state = buildState();
  if (state.current) return false;
  log(`Building the dashboard (next build: ${state.reason}); this takes a minute the first time...`);
  await runNextBuild();
  return true;
}
