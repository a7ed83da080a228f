// Which Host headers this server answers. A page on another site can make the browser send
// requests to http://localhost:3000 under its own host name (DNS rebinding: evil.example resolves
// to 127.0.0.1), and then read the answers, since the browser thinks they are same-origin. So the
// server answers only the names it is reached by: the loopback names, the address it listens on
// (HOST, set by `npm start -- --host`), and ALLOWED_HOSTS for deployments behind a domain.
import os from "node:os";

/** The address `npm start` binds when not told otherwise: reachable from this machine only. */
export const DEFAULT_BIND_HOST = "127.0.0.1";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** Host names in URL form: lower case, IPv6 in brackets, no port. */
export function normalizeHostName(name: string): string {
  const trimmed = name.trim().toLowerCase();
  return trimmed.includes(":") && !trimmed.startsWith("[") ? `[${trimmed}]` : trimmed;
}

export function isLoopbackHost(host: string): boolean {
  const name = normalizeHostName(host);
  return name === "localhost" || name === "[::1]" || /^127(\.\d{1,3}){3}$/.test(name);
}

export function isWildcardHost(host: string): boolean {
  const name = normalizeHostName(host);
  return name === "0.0.0.0" || name === "[::]";
}

/** ALLOWED_HOSTS: comma-separated host names; "*" turns the check off (a proxy in front checks it). */
export function allowedHostNames(env: Record<string, string | undefined> = process.env): Set<string> | "any" {
  const extra = (env.ALLOWED_HOSTS ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (extra.includes("*")) return "any";
  const names = new Set([...LOOPBACK_NAMES, ...extra.map(normalizeHostName)]);
  const bound = env.HOST?.trim();
  if (bound && isWildcardHost(bound)) {
    // listening on every interface: the machine's own names and addresses are what people type
    names.add(normalizeHostName(os.hostname()));
    for (const addresses of Object.values(os.networkInterfaces())) {
      for (const address of addresses ?? []) names.add(normalizeHostName(address.address.replace(/%.*$/, "")));
    }
  } else if (bound) {
    names.add(normalizeHostName(bound));
  }
  return names;
}

/** The host name of a Host header ("localhost:3000" -> "localhost", "[::1]:3000" -> "[::1]"); null when malformed. */
export function hostNameOf(hostHeader: string): string | null {
  try {
    const url = new URL(`http://${hostHeader.trim()}`);
    // "evil.example@localhost" or "localhost/x" are no Host headers a browser sends
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash || !url.hostname) return null;
    return url.hostname.toLowerCase();
  } catch {
    return null;
  }
}

export function hostAllowed(hostHeader: string | null, env: Record<string, string | undefined> = process.env): boolean {
  const allowed = allowedHostNames(env);
  if (allowed === "any") return true;
  if (!hostHeader) return false;
  const name = hostNameOf(hostHeader);
  return name !== null && allowed.has(name);
}
