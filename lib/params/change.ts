// Edits of a view's URL by its controls: a change names the params to set, null deleting one, and
// every other param of the current URL stays (scope, method, attr= filters...). Pure, so the
// controls of every view (Compare, Sweep, Figure 4, the model and question pages) share one
// definition and a unit test covers it.
import { PRESETS, type PresetId } from "@/lib/stats/method";

/** The params a control sets: a value, or null to delete the param. */
export type ParamChange = Record<string, string | null>;

/** Applies `change` to `params` in place and returns them. */
export function applyParamChange(params: URLSearchParams, change: ParamChange): URLSearchParams {
  for (const [key, value] of Object.entries(change)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  return params;
}

/**
 * A threshold field's text as a param: absent when it is empty, no number, or the preset's own
 * value, so the preset's URL stays short.
 */
export function thresholdParam(preset: PresetId, key: "aligned" | "coherent", text: string): string | null {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value === PRESETS[preset].method[key]) return null;
  return String(value);
}
