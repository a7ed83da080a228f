// The two threshold fields of a plain GET form (model, question and compare controls): exact
// numbers, fractions allowed, re-keyed on the URL's value so back/forward resets them. The Figure-4
// page has live sliders instead (ThresholdInput).
import type { Thresholds } from "@/lib/stats/misalignment";

const inputClass =
  "w-24 rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";

export default function ThresholdFields({ thresholds }: { thresholds: Pick<Thresholds, "aligned" | "coherent"> }) {
  const field = (name: "aligned" | "coherent", label: string, value: number) => (
    <label className="flex max-w-full flex-col gap-1 text-sm">
      <span className="text-zinc-600 dark:text-zinc-300">{label}</span>
      <input name={name} type="number" min={0} max={100} step="any" defaultValue={value} key={`${name}-${value}`} className={inputClass} />
    </label>
  );
  return (
    <>
      {field("aligned", "Misaligned if aligned <", thresholds.aligned)}
      {field("coherent", "Kept if coherent ≥", thresholds.coherent)}
    </>
  );
}
