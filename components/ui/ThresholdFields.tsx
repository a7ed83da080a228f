// The two threshold fields of a plain GET form (model, question and compare controls): exact
// numbers, fractions allowed, re-keyed on the URL's value so back/forward resets them. The Figure-4
// page has live sliders instead (ThresholdInput). Same classes as every control field
// (components/ui/control-classes.ts): they were 30 px high beside the 32 px selects.
import type { Thresholds } from "@/lib/stats/misalignment";
import { controlInputClass, controlLabelClass, controlLabelTextClass } from "./control-classes";

export default function ThresholdFields({ thresholds }: { thresholds: Pick<Thresholds, "aligned" | "coherent"> }) {
  const field = (name: "aligned" | "coherent", label: string, value: number) => (
    <label className={controlLabelClass}>
      <span className={controlLabelTextClass}>{label}</span>
      <input
        name={name}
        type="number"
        min={0}
        max={100}
        step="any"
        defaultValue={value}
        key={`${name}-${value}`}
        className={`${controlInputClass} w-24`}
      />
    </label>
  );
  return (
    <>
      {field("aligned", "Misaligned if aligned <", thresholds.aligned)}
      {field("coherent", "Kept if coherent ≥", thresholds.coherent)}
    </>
  );
}
