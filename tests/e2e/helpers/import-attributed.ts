// Imports files with model attributes into the e2e database the way researchers do: an experiment
// manifest (lib/import/read/manifest.ts, the same schema as a manifest YAML file; JSON is YAML), expanded
// against its root folder and imported in one transaction by importManifestFiles, the function
// behind `npm run import -- manifest.yaml` and the import page. Run by tests/e2e/serve.ts under
// `tsx --conditions=react-server` (lib/import is server-only):
//   import-attributed.ts <database url> '<JSON manifest with an absolute root>'
import { importManifestFiles } from "@/lib/import/experiment";
import { expandParsedManifest, parseManifest } from "@/lib/import/read/manifest";
import { folderFileSet } from "@/lib/import/read/manifest-files";

async function main(): Promise<void> {
  const [url, json] = process.argv.slice(2);
  if (!url || !json) throw new Error("usage: import-attributed.ts <database url> <JSON manifest with an absolute root>");
  const manifest = parseManifest(json, "the e2e manifest");
  if (!manifest.root) throw new Error("the e2e manifest needs an absolute root (it has no file to be relative to)");
  const expanded = expandParsedManifest(manifest, "the e2e manifest", folderFileSet(manifest.root));
  await importManifestFiles(url, expanded.name, expanded.files);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
