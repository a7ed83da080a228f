"use client";
// The admin token field (shown when the server sets ADMIN_TOKEN). The token lives in this tab's
// sessionStorage — never in the URL — and is sent as `Authorization: Bearer <token>`.
import { useEffect, useState } from "react";

const STORAGE_KEY = "misalignment-explorer.admin-token";

export function useAdminToken(): [string, (token: string) => void] {
  const [token, setToken] = useState("");
  useEffect(() => {
    // sessionStorage exists only in the browser: read after hydration, so the server's HTML (no
    // token) and the first client render agree; the one extra render happens once per mount.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setToken(window.sessionStorage.getItem(STORAGE_KEY) ?? "");
  }, []);
  const update = (next: string) => {
    setToken(next);
    if (next) window.sessionStorage.setItem(STORAGE_KEY, next);
    else window.sessionStorage.removeItem(STORAGE_KEY);
  };
  return [token, update];
}

export function authorizationHeaders(token: string): Record<string, string> {
  return token.trim() ? { Authorization: `Bearer ${token.trim()}` } : {};
}

export function AdminTokenField({ token, onChange, id = "admin-token" }: { token: string; onChange(token: string): void; id?: string }) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={id} className="font-medium">
        Admin token <span className="font-normal text-zinc-600 dark:text-zinc-400">(this server sets ADMIN_TOKEN)</span>
      </label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        value={token}
        onChange={(event) => onChange(event.target.value)}
        data-testid="admin-token"
        className="w-full max-w-sm rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-600 dark:bg-zinc-900"
      />
      <span className="text-xs text-zinc-600 dark:text-zinc-400">Kept in this browser tab only (sessionStorage), never in the URL.</span>
    </div>
  );
}
