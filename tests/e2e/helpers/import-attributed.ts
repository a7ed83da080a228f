// Imports files with model attributes into the e2e database through importFile (the importer CLI
// has no attribute option; the manifest import will). Run by tests/e2e/serve.ts under
// `tsx --conditions=react-server` (lib/import is server-only):
//   import-attributed.ts <database url> '<JSON: [{ "file": path, "options": ImportOptions }]>'
import { importFile, type ImportOptions } from "@/lib/import";

async function main(): Promise<void> {
  const [url, json] = process.argv.slice(2);
  if (!url || !json) throw new Error("usage: import-attributed.ts <database url> <JSON list of { file, options }>");
  const entries = JSON.parse(json) as { file: string; options: ImportOptions }[];
  for (const { file, options } of entries) await importFile(url, file, options);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
