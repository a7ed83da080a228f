import type { Metadata, Viewport } from "next";
import Link from "next/link";
import MainNav from "@/components/MainNav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Misalignment Explorer", template: "%s · Misalignment Explorer" },
  description: "Explore emergent-misalignment evaluation results: Figure 4 of Betley et al., live, down to single answers.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        {/* the first Tab stop: past the navigation to the page itself */}
        <a
          href="#main"
          className="sr-only rounded bg-blue-700 px-3 py-2 text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
          data-testid="skip-link"
        >
          Skip to content
        </a>
        <header className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
          <div className="mx-auto flex max-w-6xl flex-wrap items-baseline gap-x-6 gap-y-1 px-4 py-3">
            <Link href="/" className="text-lg font-semibold tracking-tight">
              Misalignment Explorer
            </Link>
            <MainNav />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none">
          {children}
        </main>
      </body>
    </html>
  );
}
