// A label/value list ("Group", "Seed", …) as on the model, question and answer pages; stacks on
// phones, two columns from `sm` up.
import type { ReactNode } from "react";

export type Fact = [label: string, value: ReactNode];

export default function FactList({ facts, labelWidth = "10rem" }: { facts: Fact[]; labelWidth?: string }) {
  return (
    <dl
      className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[var(--fact-label-width)_1fr]"
      style={{ "--fact-label-width": labelWidth } as React.CSSProperties}
    >
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
          <dd className="mb-1 sm:mb-0">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
