// Edits of a view's URL by its controls: a change names the params to set, null deleting one, and
// every other param of the current URL stays (scope, method, attr= filters...). Pure, so the
// controls of every view (Compare, Sweep, Figure 4, the model and question pages) share one
// definition and a unit test covers it.
import { PRESETS, type PresetId } from "@/lib/stats/method";

/** A threshold field's edits settle for this long before the URL changes (the browser tests fast-forward past it). */
export const THRESHOLD_DEBOUNCE_MS = 300;
/**
 * Changes this close to the previous one replace its history entry: one entry per drag, not per
 * step. The browser tests fast-forward the page's clock past it to make a separate change.
 */
export const SAME_GESTURE_MS = 1500;

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
