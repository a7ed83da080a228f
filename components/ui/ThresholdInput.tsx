"use client";
// One threshold: a number field for exact values (fractions allowed) and a slider for exploring.
import { useId } from "react";

export default function ThresholdInput({
  name,
  label,
  value,
  valid,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  valid: boolean;
  onChange(text: string): void;
}) {
  const id = useId();
  const numeric = valid ? Number(value) : 0;
  return (
    <div className="flex flex-col gap-1 text-sm" data-testid={`threshold-${name}`}>
      <label htmlFor={id} className="text-zinc-600 dark:text-zinc-300">
        {label}
      </label>
      <div className="flex items-center gap-2">
        <input
          id={id}
          name={name}
          type="number"
          min={0}
          max={100}
          step="any"
          inputMode="decimal"
          value={value}
          aria-invalid={!valid}
          aria-describedby={valid ? undefined : `${id}-error`}
          data-testid={`${name}-number`}
          onChange={(event) => onChange(event.currentTarget.value)}
          className="w-20 rounded border border-zinc-300 bg-white px-2 py-1 text-sm aria-invalid:border-red-500 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100"
        />
        <input
          type="range"
          min={0}
          max={100}
          step={1}
          value={numeric}
          aria-label={`${label} (slider)`}
          data-testid={`${name}-slider`}
          onChange={(event) => onChange(event.currentTarget.value)}
          className="w-32 accent-zinc-700 dark:accent-zinc-300"
        />
      </div>
      {!valid && (
        <span id={`${id}-error`} className="text-xs text-red-600 dark:text-red-400">
          Enter a number from 0 to 100.
        </span>
      )}
    </div>
  );
}
