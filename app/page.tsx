// Figure 4 of the paper, live (components/FigureContent.tsx). The loading state is a Suspense
// boundary of this page, not app/loading.tsx: a root loading.tsx would wrap every route, and a
// notFound() streamed inside it answers 200 instead of 404 (e.g. /answers/<unknown id>).
import type { Metadata } from "next";
import { Suspense } from "react";
import FigureContent from "@/components/FigureContent";
import FigureLoading from "@/components/FigureLoading";
import type { RawSearchParams } from "@/lib/params";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Figure 4: misaligned answers per question" };

export default function FigurePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return (
    <Suspense fallback={<FigureLoading />}>
      <FigureContent searchParams={searchParams} />
    </Suspense>
  );
}
