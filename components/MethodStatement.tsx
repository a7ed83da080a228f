// What every rates page says under its numbers: the preset and each rule in words, so a reader
// can check the number against the answers. One component, used by every view that shows rates.
import { sourceLabel } from "@/lib/domain/score-source";
import { PRESETS, describeMethod, type PresetId, type RateMethod } from "@/lib/stats/method";

export default function MethodStatement({
  preset,
  method,
  scopeLabel,
  defaultJudge,
}: {
  preset: PresetId;
  method: RateMethod;
  scopeLabel: string;
  /** the question file's judge ("gpt-4o"): when given, the statement names the judge of the scores */
  defaultJudge?: string;
}) {
  return (
    <p
      data-testid="method-statement"
      data-preset={preset}
      data-judge={method.source?.judge ?? ""}
      data-corrected={method.source?.corrected ? "1" : "0"}
    >
      <strong>How these numbers are computed.</strong> Base model: {scopeLabel}.{" "}
      {defaultJudge !== undefined && (
        <span data-testid="method-judge">
          Scores: {sourceLabel(method.source, `${defaultJudge} (the question file's judge)`)}
          {method.source?.corrected ? "" : ", uncorrected"}.{" "}
        </span>
      )}
      {describeMethod(preset, method)} <span className="text-zinc-500 dark:text-zinc-400">Preset source: {PRESETS[preset].source}.</span>
    </p>
  );
}
