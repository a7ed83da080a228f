// Schema drift (issue 12, item 5): what the migrations build and what schema.prisma declares may
// differ only as prisma/intended-drift.txt says. See tests/helpers/schema-drift.ts for how the two
// are compared.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { checkSchemaDrift, SCHEMA_PATH } from "../helpers/schema-drift";

// Each check renders the schema with the Prisma CLI (~5 s idle, 20 s on the loaded 2-core machine).
const DRIFT_TIMEOUT_MS = 240_000;

describe("schema drift", () => {
  let migrated: TestDatabase;
  let scratch: string;
  beforeAll(async () => {
    migrated = await createTestDatabase("drift_real");
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "me-drift-"));
  });
  afterAll(async () => {
    await migrated?.drop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it(
    "the migrations and schema.prisma differ exactly as prisma/intended-drift.txt lists",
    async () => {
      const report = await checkSchemaDrift({ migrationsUrl: migrated.url });
      if (report.unexpected.length + report.stale.length > 0) console.log(report.differences.join("\n"));
      expect({ unexpected: report.unexpected, stale: report.stale }).toEqual({ unexpected: [], stale: [] });
    },
    DRIFT_TIMEOUT_MS,
  );

  it(
    "fails on an index that only a migration creates",
    async () => {
      const migrationsDir = path.join(scratch, "migrations");
      fs.cpSync(MIGRATIONS_DIR, migrationsDir, { recursive: true });
      fs.mkdirSync(path.join(migrationsDir, "29990101000000_prompt_index"));
      fs.writeFileSync(
        path.join(migrationsDir, "29990101000000_prompt_index", "migration.sql"),
        `CREATE INDEX "answer_prompt_idx" ON "answer" ("prompt");\n`,
      );
      const report = await checkSchemaDrift({ migrationsDir });
      expect(report.unexpected).toEqual(["migrations-only index CREATE INDEX answer_prompt_idx ON answer USING btree (prompt)"]);
      expect(report.stale).toEqual([]);
    },
    DRIFT_TIMEOUT_MS,
  );

  it(
    "fails on a model field that only schema.prisma declares",
    async () => {
      const schemaPath = path.join(scratch, "schema.prisma");
      const schema = fs.readFileSync(SCHEMA_PATH, "utf8");
      const withField = schema.replace(/(model ModelGroup \{\n)/, '$1  note String? @map("note")\n');
      expect(withField).not.toBe(schema);
      fs.writeFileSync(schemaPath, withField);
      const report = await checkSchemaDrift({ migrationsUrl: migrated.url, schemaPath });
      expect(report.unexpected).toEqual(["schema-only column model_group.note text"]);
      expect(report.stale).toEqual([]);
    },
    DRIFT_TIMEOUT_MS,
  );
});
