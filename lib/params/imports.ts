// Parameters of the import endpoints: POST /api/import takes the file as the raw request body and
// everything else as query parameters (validated here, each problem naming its parameter), and
// /imports/[id], /api/imports/[id] take a batch id.
import { z } from "zod";
import { IMPORT_FORMATS, type ImportOptions } from "@/lib/import/types";
import { single } from "./common";

const text = (max = 200) =>
  z.preprocess(
    single,
    z
      .string()
      .trim()
      .max(max, { error: `must be at most ${max} characters` })
      .refine((value) => !value.includes("\0"), { error: `must not contain a NUL character` })
      .optional()
      .transform((value) => (value === "" ? undefined : value)),
  );

const booleanFlag = z.preprocess(
  single,
  z
    .enum(["1", "0", "true", "false", "on", "off"], { error: "must be true or false" })
    .optional()
    .transform((value) => value === "1" || value === "true" || value === "on"),
);

/** A flag that may be absent (undefined: the default applies), unlike booleanFlag's absent = false. */
const optionalFlag = z.preprocess(
  single,
  z
    .enum(["1", "0", "true", "false", "on", "off"], { error: "must be true or false" })
    .optional()
    .transform((value) => (value === undefined ? undefined : value === "1" || value === "true" || value === "on")),
);

export const importUploadParamsSchema = z.object({
  fileName: z.preprocess(
    single,
    z
      .string({ error: "is required: the uploaded file's name (its extension helps detect the format)" })
      .trim()
      .min(1, { error: "is required: the uploaded file's name" })
      .max(255, { error: "must be at most 255 characters" })
      .refine((value) => !/[\0/\\]/.test(value), { error: "must be a plain file name without / or \\" }),
  ),
  format: z.preprocess(single, z.enum(IMPORT_FORMATS, { error: `must be one of ${IMPORT_FORMATS.join(", ")}` }).optional()),
  set: text(),
  model: text(),
  group: text(),
  seed: z.preprocess(
    single,
    z
      .string()
      .trim()
      .regex(/^[+-]?\d{1,10}$/, { error: "must be a whole number" })
      .transform(Number)
      .refine((value) => value >= -2_147_483_648 && value <= 2_147_483_647, { error: "is out of range" })
      .optional(),
  ),
  baseModel: text(),
  judge: text(),
  skipInvalid: booleanFlag,
  /** 1: curated examples (never counted in rates), 0: an evaluation; absent: the format's default (results CSV: examples) */
  examples: optionalFlag,
  /** create questions whose id is in no set, in `set` */
  newQuestions: optionalFlag,
  /**
   * 1: the file holds a further judge's scores (named by `judge`) for answers already imported, as
   * `npm run import -- --judge-scores --judge NAME FILE` (lib/import/judge-scores.ts)
   */
  judgeScores: optionalFlag,
});

export type ImportUploadParams = z.infer<typeof importUploadParamsSchema>;

export function uploadParamsToOptions(params: ImportUploadParams): ImportOptions {
  const { fileName: _fileName, ...options } = params;
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as ImportOptions;
}

/** Batch ids in paths: positive integers (anything else is a 404). */
export const batchIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** /imports?removed=<id>: the batch that was just removed (a notice says so). */
export const importsPageParamsSchema = z.object({
  removed: z.preprocess(single, batchIdSchema.optional()).catch(undefined),
});
