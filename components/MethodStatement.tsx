// What every rates page says under its numbers: the preset and each rule in words, so a reader
// can check the number against the answers. One component, used by every view that shows rates.
import { PRESETS, describeMethod, type PresetId, type RateMethod } from "@/lib/stats/method";

export default function MethodStatement({ preset, method, scopeLabel }: { preset: PresetId; method: RateMethod; scopeLabel: string }) {
  return (
    <p data-testid="method-statement" data-preset={preset}>
      <strong>How these numbers are computed.</strong> Base model: {scopeLabel}. {describeMethod(preset, method)}{" "}
      <span className="text-zinc-500 dark:text-zinc-400">Preset source: {PRESETS[preset].source}.</span>
    </p>
  );
}
