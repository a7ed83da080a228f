// Prisma CLI configuration (generate, migrate dev, migrate diff). The app itself applies
// migrations with lib/db/migrate.ts and never runs this file.
import { defineConfig } from "prisma/config";
import { cliAdapterFactory } from "./prisma/cli-adapter";

// schema.prisma's datasource needs a url to parse; the adapter below is what actually connects.
process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/misalignment_dev";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () => cliAdapterFactory(process.env.DATABASE_URL!),
});
