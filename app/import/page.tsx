// Upload a result or question file through the browser (the command line's `npm run import`).
import type { Metadata } from "next";
import Link from "next/link";
import ExperimentForm from "@/components/import/ExperimentForm";
import ImportForm from "@/components/import/ImportForm";
import { configuredAdminToken } from "@/lib/auth/admin";
import { getPrisma } from "@/lib/db/client";
import { formatBytes } from "@/lib/format";
import { maxUploadBytes } from "@/lib/import/upload";
import { importFormSuggestions } from "@/lib/queries/batches";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Import a file" };

export default async function ImportPage() {
  const suggestions = await importFormSuggestions(getPrisma());
  const tokenRequired = configuredAdminToken() !== null;
  const maxBytes = maxUploadBytes();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Import a file</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          Question files first (e.g. <span className="font-mono">first_plot_questions.yaml</span>), then the judged answers. A file is
          imported whole or not at all; importing the same content again adds nothing. Every import is a batch you can inspect and remove on{" "}
          <Link href="/imports" className="underline">
            Imports
          </Link>
          .
        </p>
        {tokenRequired ? (
          <p className="text-sm" data-testid="access-note">
            This server sets <code className="font-mono">ADMIN_TOKEN</code>: importing and removing need the admin token.
          </p>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="access-note">
            Open access: no <code className="font-mono">ADMIN_TOKEN</code> is set, so anyone who can reach this server can import and remove
            data — fine on your own laptop. Set <code className="font-mono">ADMIN_TOKEN</code> when others can reach it.
          </p>
        )}
      </div>
      <ImportForm tokenRequired={tokenRequired} maxBytes={maxBytes} suggestions={suggestions} />
      <section className="space-y-2 border-t border-zinc-200 pt-6 dark:border-zinc-800" aria-labelledby="experiment-heading">
        <h2 id="experiment-heading" className="text-xl font-semibold tracking-tight">
          Import an experiment: several files at once
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          All files are imported in one transaction (all or none), each as its own batch; files imported before are skipped. Give each model
          its attributes (LoRA rank, size, training data…) to plot it in the{" "}
          <Link href="/sweep" className="underline">
            sweep view
          </Link>
          .
        </p>
        <ExperimentForm tokenRequired={tokenRequired} maxBytes={maxBytes} />
      </section>
      <details className="text-sm text-zinc-600 dark:text-zinc-300">
        <summary className="cursor-pointer">From the command line or a script</summary>
        <pre className="mt-2 overflow-x-auto rounded bg-zinc-100 p-3 dark:bg-zinc-900">
          {[
            "npm run import -- --model M --group G --seed 0 results.csv",
            "npm run import -- docs/clarifying-em.yaml   # an experiment manifest: many files, one transaction",
            "",
            `# or over HTTP (up to ${formatBytes(maxBytes)}):`,
            "curl --data-binary @results.csv \\",
            "  'http://localhost:3000/api/import?fileName=results.csv&model=M&group=G&seed=0'",
            ...(tokenRequired ? ["  -H 'Authorization: Bearer $ADMIN_TOKEN'"] : []),
          ].join("\n")}
        </pre>
      </details>
    </div>
  );
}
