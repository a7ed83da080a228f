// The models list's attribute filter: the active filters (each removable) and a select of the
// attribute values the scope's models have, as a plain GET form (works without JavaScript). The
// filters are the `attr` params every view shares (lib/params/method.ts).
import Link from "next/link";
import { attributeInfo, formatAttributeValue } from "@/lib/domain/attributes";
import { attributeFilterLabel, attributeFilterParam, type AttributeFilter, type MethodView } from "@/lib/params/method";
import { modelsListHref } from "@/lib/params/models";

const fieldClass = "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";
const linkClass = "text-blue-700 underline dark:text-blue-300";

export default function AttributeFilterForm({
  choices,
  view,
  group,
}: {
  /** attribute values of the scope's models (before the attribute filters), by key then value */
  choices: AttributeFilter[];
  /** the page's view, with its active filters in `attributes` */
  view: MethodView;
  group?: string;
}) {
  const active = view.attributes ?? [];
  const offered = choices.filter((choice) => !active.some((filter) => filter.key === choice.key));
  if (active.length === 0 && offered.length === 0) return null;
  // the page's other params, kept by the form
  const keep = new URLSearchParams(modelsListHref({ ...view, group }).split("?")[1] ?? "");
  return (
    <form method="get" action="/models" className="flex flex-wrap items-end gap-3 text-sm" data-testid="attribute-filter-form">
      {[...keep].map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
      {active.length > 0 && (
        <p className="flex flex-wrap items-center gap-2" data-testid="attribute-filters">
          <span className="text-zinc-600 dark:text-zinc-300">Only models with</span>
          {active.map((filter) => (
            <span
              key={filter.key}
              className="rounded border border-zinc-300 px-2 py-0.5 dark:border-zinc-600"
              data-testid="attribute-filter"
            >
              {attributeFilterLabel(filter)}{" "}
              <Link
                href={modelsListHref({ ...view, group, attributes: active.filter((other) => other.key !== filter.key) })}
                className={linkClass}
                aria-label={`remove the filter ${attributeFilterLabel(filter)}`}
              >
                ×
              </Link>
            </span>
          ))}
        </p>
      )}
      {offered.length > 0 && (
        <>
          <label className="flex max-w-full flex-col gap-1">
            <span className="text-zinc-600 dark:text-zinc-300">Attribute</span>
            <select name="attr" defaultValue="" className={`${fieldClass} max-w-full`} data-testid="attribute-select" required>
              <option value="" disabled>
                choose a value
              </option>
              {offered.map((choice) => (
                <option key={attributeFilterParam(choice)} value={attributeFilterParam(choice)}>
                  {attributeInfo(choice.key).label}: {formatAttributeValue(choice.value)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className={`${fieldClass} font-medium`} data-testid="attribute-apply">
            Filter
          </button>
        </>
      )}
    </form>
  );
}
