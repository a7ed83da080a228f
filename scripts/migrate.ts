// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database
// when it is unset, and prints what it applied. (`npm start` and the importer do this too.)
import { ensureDatabase } from "@/lib/db/ensure";

async function main(): Promise<void> {
  const database = await ensureDatabase();
  try {
    const target = database.embedded ? "embedded database (.data/pglite)" : "database at DATABASE_URL";
    if (database.migrationsApplied.length === 0) {
      console.log(`The ${target} is up to date: no migrations to apply.`);
    } else {
      console.log(`Applied ${database.migrationsApplied.length} migration(s) to the ${target}:`);
      for (const name of database.migrationsApplied) console.log(`  ${name}`);
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
