// The command line of `npm run loadtest` and the paths it loads: parsed with node:util's parseArgs
// (unknown or malformed options) and then zod (values), so every error names the option. Pure: no
// I/O, no clock.
import { parseArgs } from "node:util";
import { z } from "zod";
import { isLoopbackHost } from "@/lib/security/hosts";

export const USAGE =
  "Usage: npm run loadtest -- [--url http://127.0.0.1:PORT] [--connections 200] [--duration 60] [--paths a,b,...] " +
  "[--timeout 10] [--pid PID] [--json FILE] [--check]";

/** A wrong option or value: exit code 2 and one line. */
export class UsageError extends Error {}

/**
 * The ids a path may ask for, filled in from the public JSON API before the run
 * (scripts/loadtest/discover.ts): `{model}`, `{question}`, `{answer}`, `{word}` (a search word)
 * and `{set}` (a question set's name: /api/rates answers 400 without one).
 */
export const PLACEHOLDERS = ["model", "question", "answer", "word", "set"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

/**
 * Issue 13's list: every page and API route the bar applies to — Figure 4, the comparison, the
 * answer browser without and with a search, an answer permalink, a model page, a question page and
 * the stable rates API (of the set with the most answers).
 */
export const DEFAULT_PATHS: readonly string[] = [
  "/",
  "/compare",
  "/answers",
  "/answers?q={word}",
  "/answers/{answer}",
  "/models/{model}",
  "/questions/{question}",
  "/api/rates?set={set}",
];

const PLACEHOLDER_PATTERN = /\{([a-z]+)\}/g;

const pathSchema = z
  .string()
  .trim()
  .startsWith("/", "each path starts with /")
  .refine(
    (path) => [...path.matchAll(PLACEHOLDER_PATTERN)].every((match) => (PLACEHOLDERS as readonly string[]).includes(match[1])),
    `placeholders are ${PLACEHOLDERS.map((name) => `{${name}}`).join(", ")}`,
  );

const integerOption = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const optionsSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: "give an http:// URL such as http://127.0.0.1:3000" }).optional(),
  connections: integerOption(1, 10_000).default(200),
  /** seconds per path */
  duration: integerOption(1, 3600).default(60),
  paths: z
    .string()
    .transform((list) => list.split(",").filter((path) => path.trim() !== ""))
    .pipe(z.array(pathSchema).min(1, "give at least one path"))
    .optional(),
  /** seconds before autocannon gives up on one request (a timeout) */
  timeout: integerOption(1, 600).default(10),
  pid: integerOption(1, 2 ** 31 - 1).optional(),
  json: z.string().trim().min(1).optional(),
  check: z.boolean().default(false),
});

export interface LoadtestOptions {
  /** the server to load; undefined: start the production build on a free loopback port */
  url?: string;
  connections: number;
  durationSeconds: number;
  paths: string[];
  timeoutSeconds: number;
  /** the server's pid (its process tree's RSS is reported); known by the tool when it starts the server */
  pid?: number;
  jsonFile?: string;
  /** exit 1 when a path misses the bar */
  check: boolean;
}

/** Parses `npm run loadtest -- ...`; throws UsageError with one line naming the option. */
export function parseLoadtestArgs(argv: readonly string[]): LoadtestOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: "string" },
        connections: { type: "string" },
        duration: { type: "string" },
        paths: { type: "string" },
        timeout: { type: "string" },
        pid: { type: "string" },
        json: { type: "string" },
        check: { type: "boolean" },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0].replace(/\.?$/, ".")} ${USAGE}`);
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = String(issue.path[0] ?? "");
    throw new UsageError(`Invalid --${option} "${String(values[option])}": ${issue.message}.`);
  }
  const options = parsed.data;
  if (options.url !== undefined) assertLoopbackUrl(options.url);
  return {
    url: options.url === undefined ? undefined : baseUrlOf(options.url),
    connections: options.connections,
    durationSeconds: options.duration,
    paths: options.paths ?? [...DEFAULT_PATHS],
    timeoutSeconds: options.timeout,
    pid: options.pid,
    jsonFile: options.json,
    check: options.check,
  };
}

/** A load test aims 200 connections at a server: only ever at one on this machine. */
export function assertLoopbackUrl(url: string): void {
  const host = new URL(url).hostname;
  if (!isLoopbackHost(host)) {
    throw new UsageError(
      `Refusing --url ${url}: the load test runs against this machine only (host 127.0.0.1, ::1 or localhost, not ${host}).`,
    );
  }
}

/** The URL the paths are appended to: lower-case origin, no trailing slash, query or fragment. */
function baseUrlOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
}

/** The placeholders the paths use (discovery asks the API only for these). */
export function placeholdersUsed(paths: readonly string[]): Set<Placeholder> {
  const used = new Set<Placeholder>();
  for (const path of paths) for (const match of path.matchAll(PLACEHOLDER_PATTERN)) used.add(match[1] as Placeholder);
  return used;
}

/** A path with its placeholders filled in (URL-encoded: a search word is a query value). */
export function fillPath(path: string, values: Partial<PlaceholderValues>): string {
  return path.replace(PLACEHOLDER_PATTERN, (_, name: Placeholder) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
}
