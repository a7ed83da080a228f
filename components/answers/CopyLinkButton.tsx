"use client";
// Copies the answer's permalink. navigator.clipboard needs a secure context (https or
// localhost); elsewhere the link is selected in a text field for the user to copy by hand.
import { useRef, useState } from "react";

export default function CopyLinkButton({ path }: { path: string }) {
  const [state, setState] = useState<"idle" | "copied" | "manual">("idle");
  const fieldRef = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState(path);

  async function copy() {
    const absolute = new URL(path, window.location.origin).toString();
    setUrl(absolute);
    try {
      if (!navigator.clipboard) throw new Error("no clipboard API");
      await navigator.clipboard.writeText(absolute);
      setState("copied");
      window.setTimeout(() => setState((current) => (current === "copied" ? "idle" : current)), 2500);
    } catch {
      setState("manual");
      // select the link so Ctrl+C / long-press copies it
      window.setTimeout(() => fieldRef.current?.select(), 0);
    }
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2 text-sm">
      <button
        type="button"
        onClick={copy}
        className="rounded border border-zinc-300 px-2 py-1 hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800"
        data-testid="copy-link"
      >
        Copy link
      </button>
      <span role="status" aria-live="polite" data-testid="copy-status" className="text-emerald-700 dark:text-emerald-300">
        {state === "copied" ? "Copied" : ""}
      </span>
      {state === "manual" && (
        <label className="flex items-center gap-1">
          <span className="text-zinc-600 dark:text-zinc-300">Copy this link:</span>
          <input
            ref={fieldRef}
            readOnly
            value={url}
            onFocus={(event) => event.currentTarget.select()}
            className="w-64 max-w-full rounded border border-zinc-300 bg-white px-1 py-0.5 font-mono text-xs dark:border-zinc-600 dark:bg-zinc-900"
            data-testid="copy-fallback"
          />
        </label>
      )}
    </span>
  );
}
