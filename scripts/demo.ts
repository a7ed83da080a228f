// `npm run demo:load` / `npm run demo:remove`: the synthetic demo dataset (lib/demo) in the
// database given by DATABASE_URL, or the embedded one under .data/pglite.
import { ensureDatabase } from "@/lib/db/ensure";
import { DatabaseNotEmptyError, loadDemoData, removeDemoData } from "@/lib/demo/load";

const USAGE = "usage: tsx scripts/demo.ts load|remove";

function describeTarget(embedded: boolean): string {
  return embedded ? "the embedded database (.data/pglite)" : "the database at DATABASE_URL";
}

async function main(): Promise<number> {
  const command = process.argv[2];
  if (command !== "load" && command !== "remove") {
    console.error(USAGE);
    return 2;
  }
  const database = await ensureDatabase();
  try {
    if (command === "load") {
      try {
        const result = await loadDemoData(database.url);
        console.log(
          `Loaded the synthetic demo dataset into ${describeTarget(database.embedded)}: ${result.answers} answers from ` +
            `${result.models} models in ${result.groups} groups on ${result.questions} questions (${(result.milliseconds / 1000).toFixed(1)} s).`,
        );
        console.log("It is labelled as synthetic everywhere; remove it with `npm run demo:remove`.");
      } catch (error) {
        if (error instanceof DatabaseNotEmptyError) {
          console.error(`Not loading the demo data: ${error.message}`);
          return 1;
        }
        throw error;
      }
    } else {
      const result = await removeDemoData(database.url);
      console.log(
        `Removed from ${describeTarget(database.embedded)}: ${result.answers} demo answers, ${result.batches} demo import batch(es), ` +
          `${result.questionSets} demo question set(s) with ${result.questions} questions, ${result.models} models, ${result.groups} groups.`,
      );
    }
    return 0;
  } finally {
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
