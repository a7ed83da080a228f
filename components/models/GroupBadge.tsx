// A group's colour dot and label, linking to the list of that group's models (in the page's scope
// and method, when given).
import Link from "next/link";
import type { MethodView } from "@/lib/params/method";
import { modelsListHref } from "@/lib/params/models";

export function groupModelsHref(group: string, view: Partial<MethodView> = {}): string {
  return modelsListHref({ ...view, group });
}

export default function GroupBadge({
  name,
  label,
  color,
  link = true,
  view,
}: {
  name: string;
  label: string;
  color: string;
  link?: boolean;
  /** scope and method the link keeps */
  view?: Partial<MethodView>;
}) {
  const content = (
    <>
      <span className="mr-1.5 inline-block h-2.5 w-2.5 shrink-0 rounded-full" style={{ backgroundColor: color }} aria-hidden />
      {label}
    </>
  );
  return link ? (
    <Link
      href={groupModelsHref(name, view)}
      className="inline-flex items-center whitespace-nowrap hover:underline"
      data-testid="group-link"
    >
      {content}
    </Link>
  ) : (
    <span className="inline-flex items-center whitespace-nowrap">{content}</span>
  );
}
