// A JSON request body checked by a zod schema: the API's one error body when it is not JSON, too
// large or invalid (400 invalid-parameter naming each bad field in `issues`, as for a bad query).
import type { z } from "zod";
import { ApiError } from "./errors";

/** Bodies here are a name, a description or a note: 64 kB is far above any of them. */
export const JSON_BODY_MAX_BYTES = 64 * 1024;

export async function parseJsonBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.output<Schema>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > JSON_BODY_MAX_BYTES) throw new ApiError("payload-too-large", `The request body is over ${JSON_BODY_MAX_BYTES} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text, "utf8") > JSON_BODY_MAX_BYTES) {
    throw new ApiError("payload-too-large", `The request body is over ${JSON_BODY_MAX_BYTES} bytes.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("invalid-parameter", "The request body is not JSON.", { issues: [{ parameter: "body", message: "not JSON" }] });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ parameter: issue.path.join(".") || "body", message: issue.message }));
    throw new ApiError("invalid-parameter", `Invalid body: ${issues.map((issue) => `${issue.parameter} ${issue.message}`).join("; ")}`, {
      issues,
    });
  }
  return parsed.data;
}
