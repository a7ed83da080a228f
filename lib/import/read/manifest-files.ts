// Experiment manifests on disk (the command line): the files under the manifest's root folder.
// Parsing and expanding: lib/import/read/manifest.ts.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { ImportValidationError } from "../errors";
import { expandParsedManifest, MANIFEST_MAX_BYTES, parseManifest, type ExpandedManifest, type ManifestFileSet } from "./manifest";

/** Every file under `root` (relative paths with /), sorted: patterns are matched against these. */
function listFiles(root: string): string[] {
  return (
    (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
      // R1, R4, R16 in that order, as a researcher reads a sweep
      .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
  );
}

/** The files under a folder (the CLI: paths relative to the manifest's root). */
export function folderFileSet(root: string): ManifestFileSet {
  let listed: string[] | null = null;
  return {
    description: root,
    list: () => (listed ??= listFiles(root)),
    resolve(relativePath) {
      const absolute = path.resolve(root, relativePath);
      return fs.existsSync(absolute) && fs.statSync(absolute).isFile() ? absolute : null;
    },
  };
}

/**
 * Reads a manifest file and lists the files it names with their options. Every entry must match at
 * least one file and no file may be named twice; either is an error naming the entry.
 */
export function expandManifest(manifestPath: string): ExpandedManifest & { root: string } {
  const displayName = path.basename(manifestPath);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(manifestPath);
  } catch {
    throw new ImportValidationError([{ file: manifestPath, message: "no such file" }]);
  }
  if (stat.size > MANIFEST_MAX_BYTES) {
    throw new ImportValidationError([
      { file: displayName, message: `a manifest is at most ${MANIFEST_MAX_BYTES / 1024} KB; this file has ${stat.size} bytes` },
    ]);
  }
  const manifest = parseManifest(fs.readFileSync(manifestPath, "utf8"), displayName);
  const root = path.resolve(path.dirname(manifestPath), manifest.root ?? ".");
  // turbopackIgnore: a path only known at run time made `next build` trace the whole project into
  // the server output ("Dynamic filesystem access causes tracing of the whole project")
  if (!fs.existsSync(/*turbopackIgnore: true*/ root) || !fs.statSync(/*turbopackIgnore: true*/ root).isDirectory()) {
    throw new ImportValidationError([{ file: displayName, column: "root", message: `the root folder ${root} does not exist` }]);
  }
  return { ...expandParsedManifest(manifest, displayName, folderFileSet(root)), root };
}
