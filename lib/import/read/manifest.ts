// Experiment manifests (issue 10, item 1): one YAML file that lists the result files of an
// experiment, by path or by file-name pattern, with what each file's model is (name, group, base
// model, seed, examples or not) and its attributes (LoRA rank, size, training data...). A pattern
// such as `med_rank_14B/responses_{base_model}_bad_medical_advice_R{lora_rank}.csv` takes fields
// from the file name: model, group, base_model and seed fill those properties, any other field
// becomes an attribute of that name, and every text value may use the fields as {field}.
// This module parses a manifest and expands it against a set of file names: pure, so the import
// page uses it in the browser for the dropped files. Files on disk: lib/import/read/manifest-files.ts;
// importing the expanded files in one transaction: lib/import/experiment.ts.
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { attributeKeySchema, attributeValueSchema, parseAttributeValue, type AttributeValue } from "@/lib/domain/attributes";
import { ImportUsageError, ImportValidationError } from "../errors";
import { IMPORT_FORMATS, type ImportIssue, type ImportOptions } from "../types";

/** A manifest is configuration: a few kilobytes (the clarifying-em one is 3 KB). */
export const MANIFEST_MAX_BYTES = 1024 * 1024;
/** More files than this in one experiment is more likely a pattern gone wrong (`**`) than a plan. */
export const MANIFEST_MAX_FILES = 10_000;

const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;
/** Fields that fill a model property instead of becoming an attribute. */
const PROPERTY_FIELDS = ["model", "group", "base_model", "seed"] as const;

const templateText = z.string().trim().min(1, "cannot be empty").max(500, "is at most 500 characters");
const seedValue = z.union([z.number().int("must be a whole number"), templateText]);

const entryFields = {
  model: templateText.optional(),
  group: templateText.optional(),
  base_model: templateText.optional(),
  seed: seedValue.optional(),
  examples: z.boolean().optional(),
  set: templateText.optional(),
  judge: templateText.optional(),
  format: z.enum(IMPORT_FORMATS).optional(),
  new_questions: z.boolean().optional(),
  skip_invalid: z.boolean().optional(),
  /** Inspect AI logs: scorer key -> metric, e.g. { alignment: aligned } (the command line's --score-map) */
  score_map: z.record(z.string().trim().min(1).max(200), z.string().trim().min(1).max(200)).optional(),
  attributes: z.record(attributeKeySchema, z.union([attributeValueSchema, templateText])).optional(),
};

const entrySchema = z
  .object({
    path: templateText.optional(),
    pattern: templateText.optional(),
    ...entryFields,
  })
  .strict()
  .refine((entry) => (entry.path === undefined) !== (entry.pattern === undefined), {
    message: "give exactly one of path (one file) and pattern (a file-name pattern with {fields} or *)",
  });

export const manifestSchema = z
  .object({
    name: templateText.optional(),
    description: z.string().max(5000).optional(),
    /** where paths and patterns start, relative to the manifest file (default: its folder) */
    root: templateText.optional(),
    /** values every entry gets unless it gives its own (attributes are merged) */
    defaults: z.object(entryFields).strict().optional(),
    files: z.array(entrySchema).min(1, "lists no files"),
  })
  .strict();

export type Manifest = z.infer<typeof manifestSchema>;
type Entry = z.infer<typeof entrySchema>;

/** One file of an expanded manifest, with the import options it gets. */
export interface ManifestFile {
  /** absolute path */
  path: string;
  /** path relative to the manifest's root, as reports show it */
  relativePath: string;
  /** 1-based index of the manifest entry that named it */
  entry: number;
  /** the fields the entry's pattern read from the file name */
  fields: Record<string, string>;
  options: ImportOptions;
}

export interface ExpandedManifest {
  name: string;
  files: ManifestFile[];
}

/** A {field} pattern as a regular expression over a path relative to the root (named groups). */
export function patternRegExp(pattern: string): { regexp: RegExp; fields: string[] } {
  const fields: string[] = [];
  let source = "";
  const normalized = pattern.replace(/\\/g, "/");
  for (let i = 0; i < normalized.length; i++) {
    const char = normalized[i];
    if (char === "{") {
      const end = normalized.indexOf("}", i);
      const name = end < 0 ? "" : normalized.slice(i + 1, end);
      if (!FIELD_NAME.test(name)) {
        throw new Error(`"{${name}}" is not a field: a field is {name} with lower-case letters, digits and _`);
      }
      if (fields.includes(name)) throw new Error(`field {${name}} appears twice`);
      fields.push(name);
      // a field never spans folders; lazy, so `R{lora_rank}.csv` leaves ".csv" to the rest
      source += `(?<${name}>[^/]+?)`;
      i = end;
    } else if (char === "*") {
      if (normalized[i + 1] === "*") {
        // `**/`: any number of folders, including none
        source += normalized[i + 2] === "/" ? "(?:[^/]+/)*" : ".*";
        i += normalized[i + 2] === "/" ? 2 : 1;
      } else source += "[^/]*";
    } else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  return { regexp: new RegExp(`^${source}$`), fields };
}

/** Replaces {field} in a template with the file's fields; an unknown field is an error. */
export function fillTemplate(template: string, fields: Record<string, string>): string {
  return template.replace(/\{([^{}]*)\}/g, (_, name: string) => {
    if (!(name in fields))
      throw new Error(`{${name}} is not a field of this entry's pattern (fields: ${Object.keys(fields).join(", ") || "none"})`);
    return fields[name];
  });
}

/** Parses and validates a manifest's text; errors name the file, the entry and the key. */
export function parseManifest(text: string, displayName: string): Manifest {
  let data: unknown;
  try {
    // manifests need no aliases worth the name: a small limit keeps alias bombs out
    data = parseYaml(text, { maxAliasCount: 50, prettyErrors: false });
  } catch (error) {
    throw new ImportValidationError([{ file: displayName, message: `not valid YAML: ${(error as Error).message}` }]);
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    throw new ImportValidationError(
      parsed.error.issues.map((issue): ImportIssue => {
        const [first, index, ...rest] = issue.path;
        const inEntry = first === "files" && typeof index === "number";
        return {
          file: displayName,
          ...(inEntry ? { row: index + 1 } : {}),
          column: (inEntry ? rest : issue.path).join(".") || undefined,
          message: inEntry ? `files entry ${index + 1}: ${issue.message}` : issue.message,
        };
      }),
    );
  }
  return parsed.data;
}

/** Whether a parsed YAML document looks like a manifest (a map with `files`) rather than a question file (a list). */
export function looksLikeManifest(text: string): boolean {
  try {
    const data = parseYaml(text.slice(0, MANIFEST_MAX_BYTES), { maxAliasCount: 50 }) as unknown;
    return data !== null && typeof data === "object" && !Array.isArray(data) && "files" in data;
  } catch {
    return false;
  }
}

/** An entry's import options for one file: defaults, then the entry, then the pattern's fields. */
function entryOptions(defaults: Manifest["defaults"], entry: Entry, fields: Record<string, string>): ImportOptions {
  const merged = { ...defaults, ...entry, attributes: { ...defaults?.attributes, ...entry.attributes } };
  const text = (value: string | undefined) => (value === undefined ? undefined : fillTemplate(value, fields));
  const options: ImportOptions = {
    model: text(merged.model) ?? fields.model,
    group: text(merged.group) ?? fields.group,
    baseModel: text(merged.base_model) ?? fields.base_model,
    set: text(merged.set),
    judge: text(merged.judge),
    format: merged.format,
    examples: merged.examples,
    newQuestions: merged.new_questions,
    skipInvalid: merged.skip_invalid,
    scoreMap: merged.score_map,
  };
  const seed = merged.seed ?? fields.seed;
  if (seed !== undefined) {
    const value = typeof seed === "number" ? seed : Number(fillTemplate(seed, fields));
    if (!Number.isInteger(value)) throw new Error(`seed must be a whole number, got "${seed}"`);
    options.seed = value;
  }
  const attributes: Record<string, AttributeValue> = {};
  // fields that are no property become attributes (a leading _ marks a field used only to match)
  for (const [name, value] of Object.entries(fields)) {
    if (!(PROPERTY_FIELDS as readonly string[]).includes(name) && !name.startsWith("_"))
      attributes[name] = parseAttributeValue(name, value);
  }
  for (const [key, value] of Object.entries(merged.attributes)) {
    attributes[key] = typeof value === "number" ? value : parseAttributeValue(key, fillTemplate(value, fields));
  }
  if (Object.keys(attributes).length) options.attributes = attributes;
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as ImportOptions;
}

/** Where a manifest's paths and patterns look: a folder on disk, or the files of an upload. */
export interface ManifestFileSet {
  /** what errors call it: a folder path, or "the uploaded files" */
  description: string;
  /** every file, as relative paths with / */
  list(): string[];
  /** the file at a relative path, as an absolute path, or null when there is none */
  resolve(relativePath: string): string | null;
  /**
   * the files have names but no folders (dropped in a browser): paths and patterns are matched by
   * their last part, so a manifest written for folders works for the same files dropped together
   */
  namesOnly?: boolean;
}

/** Files known by name only (an upload): each name once. */
export function namedFileSet(files: { name: string; path: string }[], description = "the uploaded files"): ManifestFileSet {
  const byName = new Map(files.map((file) => [file.name, file.path]));
  return { description, list: () => [...byName.keys()], resolve: (name) => byName.get(name) ?? null, namesOnly: true };
}

const lastPart = (value: string) => value.replace(/\\/g, "/").split("/").at(-1) ?? value;

/** Lists the files a parsed manifest names in a file set (see expandManifest). */
export function expandParsedManifest(manifest: Manifest, displayName: string, fileSet: ManifestFileSet): ExpandedManifest {
  const files: ManifestFile[] = [];
  const namedBy = new Map<string, number>();
  const issues: ImportIssue[] = [];
  manifest.files.forEach((entry, index) => {
    const number = index + 1;
    const where = (column: string, message: string): ImportIssue => ({
      file: displayName,
      row: number,
      column,
      message: `files entry ${number} (${entry.path ?? entry.pattern}): ${message}`,
    });
    let matches: { relativePath: string; absolute: string; fields: Record<string, string> }[];
    if (entry.path !== undefined) {
      const relativePath = fileSet.namesOnly ? lastPart(entry.path) : entry.path.replace(/\\/g, "/");
      const absolute = fileSet.resolve(relativePath);
      if (absolute === null) {
        issues.push(where("path", `no such file in ${fileSet.description}`));
        return;
      }
      matches = [{ relativePath, absolute, fields: {} }];
    } else {
      let compiled: ReturnType<typeof patternRegExp>;
      try {
        compiled = patternRegExp(fileSet.namesOnly ? lastPart(entry.pattern!) : entry.pattern!);
      } catch (error) {
        issues.push(where("pattern", (error as Error).message));
        return;
      }
      matches = fileSet.list().flatMap((relativePath) => {
        const match = compiled.regexp.exec(relativePath);
        const absolute = match ? fileSet.resolve(relativePath) : null;
        return match && absolute ? [{ relativePath, absolute, fields: { ...match.groups } }] : [];
      });
      if (matches.length === 0) {
        issues.push(where("pattern", `matches no file in ${fileSet.description}`));
        return;
      }
    }
    for (const match of matches) {
      const earlier = namedBy.get(match.relativePath);
      if (earlier !== undefined) {
        issues.push(where(entry.path ? "path" : "pattern", `${match.relativePath} is already named by entry ${earlier}`));
        continue;
      }
      namedBy.set(match.relativePath, number);
      try {
        files.push({
          path: match.absolute,
          relativePath: match.relativePath,
          entry: number,
          fields: match.fields,
          options: entryOptions(manifest.defaults, entry, match.fields),
        });
      } catch (error) {
        issues.push(where(match.relativePath, (error as Error).message));
      }
    }
  });
  if (issues.length) throw new ImportValidationError(issues);
  if (files.length > MANIFEST_MAX_FILES) {
    throw new ImportUsageError(`${displayName}: names ${files.length} files; at most ${MANIFEST_MAX_FILES} per manifest`);
  }
  return { name: manifest.name ?? displayName.replace(/\.[^.]+$/, ""), files };
}
