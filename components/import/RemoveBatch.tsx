"use client";
// "Remove batch": a first click asks the server what the removal would delete (a dry run), the
// second removes it (DELETE /api/imports/<id>) and goes back to the batch list.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useHydrated } from "@/components/useHydrated";
import { errorMessageOf } from "@/lib/api/errors";
import type { BatchRemoval, KeptAndRemoved } from "@/lib/import/batches/remove";
import { AdminTokenField, authorizationHeaders, useAdminToken } from "./AdminToken";
import { formatCountOf } from "@/lib/format";

type State =
  | { name: "idle" }
  | { name: "loading" }
  | { name: "confirm"; preview: BatchRemoval }
  | { name: "removing"; preview: BatchRemoval }
  | { name: "error"; message: string; preview?: BatchRemoval };

function NamedRows({ label, rows }: { label: string; rows: KeptAndRemoved }) {
  if (rows.removed.length === 0 && rows.kept.length === 0) return null;
  return (
    <>
      {rows.removed.length > 0 && (
        <li>
          {label} it created: <span className="font-mono wrap-anywhere">{rows.removed.join(", ")}</span>
        </li>
      )}
      {rows.kept.length > 0 && (
        <li className="text-zinc-700 dark:text-zinc-300">
          stays (still used by other imports): {label} <span className="font-mono wrap-anywhere">{rows.kept.join(", ")}</span>
        </li>
      )}
    </>
  );
}

async function errorMessage(response: Response): Promise<string> {
  try {
    return errorMessageOf(await response.json()) ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

export default function RemoveBatch({ batchId, tokenRequired }: { batchId: number; tokenRequired: boolean }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ name: "idle" });
  const [token, setToken] = useAdminToken();
  const hydrated = useHydrated();

  async function preview() {
    setState({ name: "loading" });
    const response = await fetch(`/api/imports/${batchId}/removal`, { cache: "no-store" }).catch(() => null);
    if (!response) return setState({ name: "error", message: "Could not reach the server." });
    if (!response.ok) return setState({ name: "error", message: await errorMessage(response) });
    setState({ name: "confirm", preview: (await response.json()) as BatchRemoval });
  }

  async function remove(previewed: BatchRemoval) {
    if (tokenRequired && !token.trim())
      return setState({ name: "error", message: "Enter the admin token: this server requires it to remove a batch.", preview: previewed });
    setState({ name: "removing", preview: previewed });
    const response = await fetch(`/api/imports/${batchId}`, { method: "DELETE", headers: authorizationHeaders(token) }).catch(() => null);
    if (!response) return setState({ name: "error", message: "Could not reach the server.", preview: previewed });
    if (!response.ok) return setState({ name: "error", message: await errorMessage(response), preview: previewed });
    router.push(`/imports?removed=${batchId}`);
    router.refresh();
  }

  const shown = state.name === "confirm" || state.name === "removing" ? state.preview : state.name === "error" ? state.preview : undefined;
  const buttonClass =
    "rounded px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-50";

  return (
    <section
      className="space-y-3 rounded border border-red-300 p-4 dark:border-red-900"
      data-testid="remove-batch"
      data-hydrated={hydrated ? "true" : undefined}
    >
      <h2 className="text-lg font-semibold">Remove this batch</h2>
      {!shown && (
        <>
          <p className="text-sm">
            Deletes its answers and judge scores, and the questions, question sets, models and groups it created that nothing else uses. You
            will see exactly what before anything is deleted.
          </p>
          <button
            type="button"
            onClick={() => void preview()}
            disabled={state.name === "loading"}
            className={`${buttonClass} border border-red-600 text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950`}
            data-testid="remove-start"
          >
            {state.name === "loading" ? "Checking what it would remove…" : "Remove batch…"}
          </button>
        </>
      )}
      {shown && (
        <div className="space-y-3" data-testid="remove-confirm">
          <p className="text-sm font-medium">
            Removing batch #{shown.batchId} ({shown.fileName}) deletes:
          </p>
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="remove-summary">
            <li data-testid="remove-answers" data-count={shown.answers}>
              {formatCountOf(shown.answers, "answer")} and {formatCountOf(shown.judgeScores, "judge score")}
            </li>
            {shown.questions.removed > 0 && (
              <li>
                {formatCountOf(shown.questions.removed, "question")} it created
                {shown.questions.removedNames.length > 0 && (
                  <>
                    :{" "}
                    <span className="font-mono wrap-anywhere">
                      {shown.questions.removedNames.join(", ")}
                      {shown.questions.removed > shown.questions.removedNames.length ? ", …" : ""}
                    </span>
                  </>
                )}
              </li>
            )}
            {shown.questions.kept > 0 && (
              <li className="text-zinc-700 dark:text-zinc-300">
                stays (still answered in other imports): {formatCountOf(shown.questions.kept, "question")} it created
              </li>
            )}
            <NamedRows label="question sets" rows={shown.questionSets} />
            <NamedRows label="models" rows={shown.models} />
            <NamedRows label="groups" rows={shown.groups} />
          </ul>
          <p className="text-sm">
            Figure 4 and every other view will no longer include it. This cannot be undone (import the file again to restore it).
          </p>
          {tokenRequired && <AdminTokenField token={token} onChange={setToken} id="remove-admin-token" />}
          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              onClick={() => void remove(shown)}
              disabled={state.name === "removing"}
              className={`${buttonClass} bg-red-700 text-white hover:bg-red-800`}
              data-testid="remove-confirm-button"
            >
              {state.name === "removing" ? "Removing…" : `Remove batch #${shown.batchId}`}
            </button>
            <button
              type="button"
              onClick={() => setState({ name: "idle" })}
              disabled={state.name === "removing"}
              className={`${buttonClass} border border-zinc-400 dark:border-zinc-600`}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {state.name === "error" && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="remove-error">
          {state.message}
        </p>
      )}
    </section>
  );
}
