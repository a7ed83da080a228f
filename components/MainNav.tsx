"use client";
// The site's main navigation. Its links to the data views carry the current scope and method
// (set, base model, preset, thresholds, denominator, min answers, interval), so moving from a
// coherent-95 Figure 4 to the answers keeps judging them at coherent 95.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { carriedQuery } from "@/lib/params/method";

const NAV_LINKS = [
  ["/", "Figure 4", true],
  ["/compare", "Compare", true],
  ["/sweep", "Sweep", true],
  ["/side-by-side", "Side by side", true],
  ["/judges", "Judges", true],
  ["/answers", "Answers", true],
  ["/models", "Models", true],
  ["/questions", "Questions", true],
  ["/collections", "Collections", false],
  ["/review", "Review", true],
  ["/imports", "Imports", false],
  ["/import", "Import a file", false],
] as const;

function Links({ query }: { query: string }) {
  return (
    <>
      {NAV_LINKS.map(([href, label, carries]) => (
        <Link key={href} href={carries && query ? `${href}?${query}` : href} className="hover:underline" data-testid={`nav-${label}`}>
          {label}
        </Link>
      ))}
    </>
  );
}

function CarryingLinks() {
  const search = useSearchParams();
  return <Links query={carriedQuery(new URLSearchParams(search.toString()))} />;
}

export default function MainNav() {
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-600 dark:text-zinc-300">
      {/* useSearchParams needs a Suspense boundary on statically rendered pages; plain links meanwhile */}
      <Suspense fallback={<Links query="" />}>
        <CarryingLinks />
      </Suspense>
      <a href="https://arxiv.org/abs/2502.17424" className="hover:underline" rel="noreferrer">
        The paper
      </a>
    </nav>
  );
}
