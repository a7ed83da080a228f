"use client";
// Enter, check and forget the reviewer token. Says who is signed in: GET /api/reviewer names the
// token's reviewer (or says it is wrong or disabled).
import { useEffect, useId, useState } from "react";
import { errorMessageOf } from "@/lib/api/errors";
import { reviewerHeaders, storeReviewerToken, useReviewerToken } from "./reviewer-token";

type Identity = { state: "checking" } | { state: "signed-in"; name: string } | { state: "refused"; message: string };

const input = "w-full max-w-sm rounded border border-zinc-400 bg-white px-2 py-1 dark:border-zinc-500 dark:bg-zinc-900";
export const buttonClass =
  "min-h-6 rounded border border-zinc-400 bg-white px-2 py-0.5 text-sm hover:bg-zinc-100 focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-zinc-500 dark:bg-zinc-900 dark:hover:bg-zinc-800";

/** Who the stored token belongs to; null while there is no token. */
export function useReviewerIdentity(token: string): Identity | null {
  const [identity, setIdentity] = useState<{ token: string; identity: Identity } | null>(null);
  useEffect(() => {
    if (!token) return;
    let current = true;
    fetch("/api/reviewer", { headers: reviewerHeaders(token), cache: "no-store" })
      .then(async (response) => {
        const body: unknown = await response.json().catch(() => null);
        const name = response.ok && body && typeof body === "object" && "name" in body ? String(body.name) : null;
        const next: Identity = name
          ? { state: "signed-in", name }
          : { state: "refused", message: errorMessageOf(body) ?? `HTTP ${response.status}` };
        if (current) setIdentity({ token, identity: next });
      })
      .catch(() => current && setIdentity({ token, identity: { state: "refused", message: "The server did not answer." } }));
    return () => {
      current = false;
    };
  }, [token]);
  if (!token) return null;
  return identity?.token === token ? identity.identity : { state: "checking" };
}

export default function ReviewerTokenForm({ compact = false }: { compact?: boolean }) {
  const token = useReviewerToken();
  const identity = useReviewerIdentity(token);
  const [draft, setDraft] = useState("");
  const id = useId();
  return (
    <div className="space-y-2 text-sm" data-testid="reviewer-token">
      {identity && (
        <p className="flex flex-wrap items-center gap-2" role="status" data-testid="reviewer-identity" data-state={identity.state}>
          {identity.state === "signed-in" ? (
            <span>
              Signed in as reviewer <strong data-testid="reviewer-name">{identity.name}</strong>
            </span>
          ) : identity.state === "checking" ? (
            <span>Checking the reviewer token…</span>
          ) : (
            <span className="text-red-800 dark:text-red-200">{identity.message}</span>
          )}
          <button type="button" className={buttonClass} onClick={() => storeReviewerToken("")} data-testid="reviewer-token-forget">
            Forget the token
          </button>
        </p>
      )}
      {(!token || identity?.state === "refused") && (
        <form
          className="flex flex-col gap-1"
          onSubmit={(event) => {
            event.preventDefault();
            storeReviewerToken(draft);
            setDraft("");
          }}
        >
          <label htmlFor={id} className="font-medium">
            Reviewer token
          </label>
          <div className="flex flex-wrap items-center gap-2">
            <input
              id={id}
              type="password"
              autoComplete="off"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              className={input}
              data-testid="reviewer-token-input"
            />
            <button type="submit" className={buttonClass} disabled={!draft.trim()} data-testid="reviewer-token-save">
              Save
            </button>
          </div>
          {!compact && (
            <span className="text-xs text-zinc-600 dark:text-zinc-300">
              Kept in this browser (localStorage), never in the URL. An administrator creates one with{" "}
              <code>npm run reviewer -- add NAME</code>.
            </span>
          )}
        </form>
      )}
    </div>
  );
}
