// Model attributes: typed key-values on a model (table model_attribute). One definition of what a
// key may look like, which keys are known (label, unit, numeric or text) and how a value is read
// from text (a manifest field, a file-name pattern, a URL filter). Pure: no database.
import { z } from "zod";

export type AttributeValue = number | string;

export interface AttributeKeyInfo {
  /** shown in legends, axes and tables */
  label: string;
  /** whether values are numbers (plotted in the sweep view) or texts */
  kind: "numeric" | "text";
  /** axis unit, e.g. "B parameters" */
  unit?: string;
}

/** Keys researchers in this field use; any other key is allowed and labelled with its own name. */
export const KNOWN_ATTRIBUTES: Readonly<Record<string, AttributeKeyInfo>> = {
  size_b: { label: "model size", kind: "numeric", unit: "B parameters" },
  lora_rank: { label: "LoRA rank", kind: "numeric" },
  lora_alpha: { label: "LoRA alpha", kind: "numeric" },
  epochs: { label: "epochs", kind: "numeric" },
  checkpoint_step: { label: "checkpoint step", kind: "numeric" },
  learning_rate: { label: "learning rate", kind: "numeric" },
  steering_layer: { label: "steering layer", kind: "numeric" },
  steering_scale: { label: "steering scale", kind: "numeric" },
  training_data: { label: "training data", kind: "text" },
};

/** snake_case, as in file names and URLs: lora_rank, size_b, checkpoint_step */
export const ATTRIBUTE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export const attributeKeySchema = z
  .string()
  .regex(ATTRIBUTE_KEY_PATTERN, "an attribute key is snake_case: a lower-case letter, then letters, digits or _ (at most 63)");

/** A text value: one line, at most 200 characters (a label, not a document). */
const TEXT_VALUE_MAX = 200;

export const attributeValueSchema = z.union([
  z.number().finite(),
  z
    .string()
    .trim()
    .min(1, "an attribute value cannot be empty")
    .max(TEXT_VALUE_MAX, `an attribute value is at most ${TEXT_VALUE_MAX} characters`)
    .regex(/^[^\r\n\0]*$/, "an attribute value is one line"),
]);

export const attributesSchema = z.record(attributeKeySchema, attributeValueSchema);

export function attributeInfo(key: string): AttributeKeyInfo {
  return KNOWN_ATTRIBUTES[key] ?? { label: key.replace(/_/g, " "), kind: "numeric" };
}

/** The label of a key with its unit, for an axis: "model size (B parameters)". */
export function attributeAxisLabel(key: string): string {
  const info = attributeInfo(key);
  return info.unit ? `${info.label} (${info.unit})` : info.label;
}

/**
 * A value read from text (a file-name field, a URL): a plain decimal number becomes a number
 * ("4", "14", "0.5", "1e-5"), anything else stays text ("bad_medical_advice", "7B"). A key known
 * to be text keeps "4" as text.
 */
export function parseAttributeValue(key: string, text: string): AttributeValue {
  const trimmed = text.trim();
  if (KNOWN_ATTRIBUTES[key]?.kind === "text") return trimmed;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    const value = Number(trimmed);
    if (Number.isFinite(value)) return value;
  }
  return trimmed;
}

/** How a value is shown: numbers without trailing zeros (4, 0.5, 14), texts as they are. */
export function formatAttributeValue(value: AttributeValue): string {
  return typeof value === "number" ? String(Number(value.toPrecision(12))) : value;
}
