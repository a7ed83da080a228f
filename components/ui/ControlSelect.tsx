// The labelled <select> of the view controls: a <label> around a caption and the select, so the
// caption is the select's accessible name. Each control form wrote these three classes out by hand
// (Figure 4, models and questions, method, Compare, Sweep, Side by side, Judges, Answers); one
// component keeps them alike. The options are the children (plain lists, a leading "any" or a
// trailing "no answers" option, optgroups). For a select whose default follows the URL, give it
// `defaultValue` and a `key` made of the value: a navigation that changes it re-mounts the select.
import type { ReactNode, SelectHTMLAttributes } from "react";
import { formatCount } from "@/lib/format";
import { controlInputClass, controlLabelClass, controlLabelTextClass } from "./control-classes";

export interface ControlSelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "className" | "children"> {
  /** the visible caption, which is also the select's accessible name */
  label: ReactNode;
  /** the <option>s (and <optgroup>s) */
  children: ReactNode;
  /** classes added to the select's own (e.g. font-mono, w-full) */
  className?: string;
  /** classes added to the label's own (e.g. min-w-0 in a grid) */
  labelClassName?: string;
  "data-testid"?: string;
}

const withExtra = (base: string, extra: string | undefined) => (extra ? `${base} ${extra}` : base);

export default function ControlSelect({ label, children, className, labelClassName, ...select }: ControlSelectProps) {
  return (
    <label className={withExtra(controlLabelClass, labelClassName)}>
      <span className={controlLabelTextClass}>{label}</span>
      <select {...select} className={withExtra(controlInputClass, className)}>
        {children}
      </select>
    </label>
  );
}

/** The options of a "Question set" select: name, demo or not, and its size. */
export function QuestionSetOptions({ sets }: { sets: { name: string; isDemo: boolean; questions: number; answers: number }[] }) {
  return sets.map((option) => (
    <option key={option.name} value={option.name}>
      {option.name}
      {option.isDemo ? " (demo)" : ""} — {option.questions} questions, {formatCount(option.answers)} answers
    </option>
  ));
}
