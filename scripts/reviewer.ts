// `npm run reviewer -- add NAME | list | disable NAME`: the people who may write to collections
// (issue 11, item 3), in the database given by DATABASE_URL or the embedded one under .data/pglite.
// `add` prints the new token once: the database keeps only its sha256 (lib/auth/reviewer-token.ts),
// so a lost token cannot be shown again; disable the reviewer and add a new one.
import { createReviewer, disableReviewer, listReviewers, ReviewerExistsError } from "@/lib/auth/reviewer";
import { reviewerNameSchema } from "@/lib/auth/reviewer-token";
import { createPrisma } from "@/lib/db/client";
import { ensureDatabase } from "@/lib/db/ensure";
import { describeIssues } from "@/lib/params/common";

const USAGE = `usage: npm run reviewer -- add NAME      create a reviewer and print their token (once)
       npm run reviewer -- list          every reviewer, with when they were added or disabled
       npm run reviewer -- disable NAME  their token stops working at once`;

function parseName(raw: string | undefined): string | null {
  const parsed = reviewerNameSchema.safeParse(raw ?? "");
  if (parsed.success) return parsed.data;
  console.error(`Invalid reviewer name: ${describeIssues(parsed.error)}\n${USAGE}`);
  return null;
}

async function main(): Promise<number> {
  const [command, rawName, ...extra] = process.argv.slice(2);
  const needsName = command === "add" || command === "disable";
  if (!(needsName || command === "list") || (needsName ? extra.length > 0 : rawName !== undefined)) {
    console.error(USAGE);
    return 2;
  }
  const name = needsName ? parseName(rawName) : null;
  if (needsName && name === null) return 2;
  const database = await ensureDatabase();
  const prisma = createPrisma(database.url);
  try {
    if (command === "add") {
      try {
        const { reviewer, token } = await createReviewer(prisma, name!);
        console.log(`Added reviewer "${reviewer.name}". Their token, shown this once (the database keeps only its hash):`);
        console.log(`token: ${token}`);
        console.log("They enter it in the reviewer token field of the Collections page, or send it as `Authorization: Bearer <token>`.");
      } catch (error) {
        if (error instanceof ReviewerExistsError) {
          console.error(error.message);
          return 1;
        }
        throw error;
      }
    } else if (command === "disable") {
      const reviewer = await disableReviewer(prisma, name!);
      if (!reviewer) {
        console.error(`There is no reviewer named "${name}".`);
        return 1;
      }
      console.log(`Disabled reviewer "${reviewer.name}": their token no longer works. What they added stays, under their name.`);
    } else {
      const reviewers = await listReviewers(prisma);
      if (reviewers.length === 0) console.log("No reviewers yet: add one with `npm run reviewer -- add NAME`.");
      for (const reviewer of reviewers) {
        const state = reviewer.disabledAt ? `disabled ${reviewer.disabledAt.toISOString()}` : "active";
        console.log(`${reviewer.name}\tadded ${reviewer.createdAt.toISOString()}\t${state}`);
      }
    }
    return 0;
  } finally {
    await prisma.$disconnect();
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
