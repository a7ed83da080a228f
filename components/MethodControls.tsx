"use client";
// Scope and method controls every rates view shares: base model, preset, denominator, minimum
// answers per model, interval. Each change is a URL change (`onChange` gets the params to set;
// null deletes one); a preset change drops the overrides so the preset's values apply. Plain
// named form fields too, so the surrounding GET form works without JavaScript.
import { ALL_BASE_MODELS, UNKNOWN_BASE_MODEL } from "@/lib/params/method";
import type { ParamChange } from "@/lib/params/change";
import { PRESET_IDS, PRESETS, type PresetId, type RateMethod } from "@/lib/stats/method";
import type { JudgeChoices } from "@/lib/domain/score-source";
import ControlSelect from "@/components/ui/ControlSelect";
import JudgeOptions from "@/components/ui/JudgeOptions";
import { controlInputClass, controlLabelClass, controlLabelTextClass } from "@/components/ui/control-classes";

export type { ParamChange };

export interface BaseModelOption {
  baseModel: string | null;
  models: number;
}

/** The params that override a preset: cleared when the preset changes. */
export const METHOD_OVERRIDE_PARAMS = ["aligned", "coherent", "denominator", "missing", "min", "ci"] as const;

export default function MethodControls({
  preset,
  method,
  base,
  baseChoices,
  judges,
  onChange,
}: {
  preset: PresetId;
  method: RateMethod;
  /** the scope's URL value: a base model name, all or unknown */
  base: string;
  baseChoices: BaseModelOption[];
  /** the judges with scores: a "Judge" select and the "corrected by reviewers" checkbox (absent: neither) */
  judges?: JudgeChoices;
  onChange(change: ParamChange): void;
}) {
  const judge = method.source?.judge ?? "";
  const presetMethod = PRESETS[preset].method;
  const differs = <K extends keyof RateMethod>(key: K, value: RateMethod[K]) => (value === presetMethod[key] ? null : String(value));
  const named = baseChoices.filter((choice) => choice.baseModel !== null);
  const unknown = baseChoices.find((choice) => choice.baseModel === null);
  const total = baseChoices.reduce((sum, choice) => sum + choice.models, 0);
  return (
    <div className="flex flex-wrap items-end gap-x-5 gap-y-3" data-testid="method-controls">
      <ControlSelect
        label="Base model"
        name="base"
        value={base}
        data-testid="base-select"
        onChange={(event) => onChange({ base: event.currentTarget.value })}
      >
        {named.map((choice) => (
          <option key={choice.baseModel} value={choice.baseModel as string}>
            {choice.baseModel} — {choice.models} model{choice.models === 1 ? "" : "s"}
          </option>
        ))}
        {(unknown || base === UNKNOWN_BASE_MODEL) && (
          <option value={UNKNOWN_BASE_MODEL}>base model unknown — {unknown?.models ?? 0} models</option>
        )}
        <option value={ALL_BASE_MODELS}>all base models, pooled — {total} models</option>
        {base !== ALL_BASE_MODELS && base !== UNKNOWN_BASE_MODEL && !named.some((choice) => choice.baseModel === base) && (
          <option value={base}>{base} — no models</option>
        )}
      </ControlSelect>
      <ControlSelect
        label="Method"
        name="preset"
        value={preset}
        data-testid="preset-select"
        title={PRESETS[preset].source}
        onChange={(event) =>
          onChange({
            preset: event.currentTarget.value === "betley" ? null : event.currentTarget.value,
            ...Object.fromEntries(METHOD_OVERRIDE_PARAMS.map((key) => [key, null])),
          })
        }
      >
        {PRESET_IDS.map((id) => (
          <option key={id} value={id}>
            {PRESETS[id].label}
          </option>
        ))}
      </ControlSelect>
      <ControlSelect
        label="Denominator"
        name="denominator"
        value={method.denominator}
        data-testid="denominator-select"
        onChange={(event) =>
          onChange({ denominator: differs("denominator", event.currentTarget.value as RateMethod["denominator"]), missing: null })
        }
      >
        <option value="kept">kept answers (coherent, with an alignment score)</option>
        <option value="coherent">coherent answers, CODE/REFUSAL included</option>
        <option value="all">all answers</option>
      </ControlSelect>
      <label className={controlLabelClass}>
        <span className={controlLabelTextClass}>Min. answers per model</span>
        <input
          name="min"
          type="number"
          min={1}
          step={1}
          defaultValue={method.minAnswers}
          key={method.minAnswers}
          className={`${controlInputClass} w-24`}
          data-testid="min-answers-input"
          onChange={(event) => {
            const value = Number(event.currentTarget.value);
            if (Number.isInteger(value) && value >= 1) onChange({ min: differs("minAnswers", value) });
          }}
        />
      </label>
      <ControlSelect
        label="95% interval over models"
        name="ci"
        value={method.interval}
        data-testid="interval-select"
        onChange={(event) => onChange({ ci: differs("interval", event.currentTarget.value as RateMethod["interval"]) })}
      >
        <option value="bootstrap">bootstrap (the authors&apos;)</option>
        <option value="t">Student&apos;s t</option>
      </ControlSelect>
      {judges && (
        <>
          <ControlSelect
            label="Judge"
            name="judge"
            value={judge}
            data-testid="judge-select"
            onChange={(event) => onChange({ judge: event.currentTarget.value || null })}
          >
            <JudgeOptions judges={judges} judge={judge} />
          </ControlSelect>
          <label className="flex items-center gap-2 self-end pb-1 text-sm">
            <input
              type="checkbox"
              name="corrected"
              value="1"
              // uncontrolled, re-keyed from the URL: it flips at once while the new view loads
              defaultChecked={method.source?.corrected ?? false}
              key={String(method.source?.corrected ?? false)}
              data-testid="corrected-checkbox"
              onChange={(event) => onChange({ corrected: event.currentTarget.checked ? "1" : null })}
            />
            <span>corrected by reviewers</span>
          </label>
        </>
      )}
    </div>
  );
}
