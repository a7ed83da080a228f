// A reviewer in the e2e database for the collection specs: created with the real CLI
// (`npm run reviewer -- add NAME`, scripts/reviewer.ts) against E2E_DATABASE_URL, its token read
// from the CLI's output, as an administrator would hand it to a reviewer. One per spec process.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { E2E_BASE_URL } from "./e2e-database";

export interface E2eReviewer {
  name: string;
  token: string;
}

let reviewer: E2eReviewer | null = null;

export function e2eReviewer(): E2eReviewer {
  if (reviewer) return reviewer;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (run the specs through playwright.config.ts)");
  const name = `e2e-reviewer-${process.pid}-${Date.now()}`;
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const result = spawnSync(process.execPath, [tsx, "--conditions=react-server", "scripts/reviewer.ts", "add", name], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  const token = /^token: (\S+)$/m.exec(result.stdout ?? "")?.[1];
  if (result.status !== 0 || !token)
    throw new Error(`npm run reviewer -- add failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  reviewer = { name, token };
  return reviewer;
}

/** Creates a collection holding the given answers through the API (the axe spec's page to check); returns its path. */
export async function e2eCollection(name: string, answerIds: number[]): Promise<string> {
  const { token } = e2eReviewer();
  const post = async (pathname: string, body: unknown) => {
    const response = await fetch(`${E2E_BASE_URL}${pathname}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${pathname}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { collection: { slug: string } };
  };
  const { collection } = await post("/api/collections", { name, description: "Made by the browser tests." });
  for (const [index, answerId] of answerIds.entries()) {
    await post(`/api/collections/${collection.slug}/items`, { answerId, ...(index === 0 ? { note: "a note on the first answer" } : {}) });
  }
  return `/collections/${collection.slug}`;
}
