// The command-line tools against a database they cannot use: one clear line with the fix and exit
// 1, never pg's stack trace (before: "Unexpected error during import: error: database ... does not
// exist" and 40 lines of parser frames, exit 2). Runs the real CLI against the real PostgreSQL.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ADMIN_URL, SHARED_DATA_DIR } from "@/tests/helpers/database";
import { closedPort } from "@/tests/helpers/ports";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/tsx/dist/cli.mjs");

async function cli(script: string, args: string[], databaseUrl: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [TSX, "--conditions=react-server", script, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const questions = path.join(SHARED_DATA_DIR, "questions", "first_plot_questions.yaml");

function expectOneLine(output: string) {
  const lines = output.trim().split("\n");
  expect(lines, output).toHaveLength(1);
  expect(output).not.toMatch(/\n\s+at /);
}

describe("CLI errors for a database it cannot use", () => {
  it("a database that does not exist: one line naming createdb", async () => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/me_missing_${process.pid}`;
    const { code, output } = await cli("scripts/import.ts", [questions], url.toString());
    expect(code).toBe(1);
    expectOneLine(output);
    expect(output).toContain(`Import failed, nothing was written: The database "me_missing_${process.pid}" does not exist`);
    expect(output).toContain(`createdb -h ${url.hostname} -p ${url.port || "5432"}`);
  });

  it("nothing listening, an unknown host, a URL that is not postgres://: one line each", async () => {
    const port = await closedPort();
    const refused = await cli("scripts/import.ts", [questions], `postgres://postgres@127.0.0.1:${port}/x`);
    expect(refused.code).toBe(1);
    expectOneLine(refused.output);
    expect(refused.output).toContain(`Nothing accepts connections at 127.0.0.1:${port}`);

    const wrongScheme = await cli("scripts/migrate.ts", [], "mysql://root@127.0.0.1/x");
    expect(wrongScheme.code).toBe(1);
    expectOneLine(wrongScheme.output);
    expect(wrongScheme.output).toContain("DATABASE_URL must be a postgres:// or postgresql:// URL");
  });
});
