// A group's colour dot and label, linking to the list of that group's models.
import Link from "next/link";

export function groupModelsHref(group: string): string {
  return `/models?${new URLSearchParams({ group }).toString()}`;
}

export default function GroupBadge({ name, label, color, link = true }: { name: string; label: string; color: string; link?: boolean }) {
  const content = (
    <>
      <span className="mr-1.5 inline-block h-2.5 w-2.5 shrink-0 rounded-full" style={{ backgroundColor: color }} aria-hidden />
      {label}
    </>
  );
  return link ? (
    <Link href={groupModelsHref(name)} className="inline-flex items-center whitespace-nowrap hover:underline" data-testid="group-link">
      {content}
    </Link>
  ) : (
    <span className="inline-flex items-center whitespace-nowrap">{content}</span>
  );
}
