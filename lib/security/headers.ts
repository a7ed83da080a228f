// Security headers of every response (pages, API routes, static files), set in proxy.ts.
// Before: only the answer pages had a Content-Security-Policy, as a <meta> tag — where
// frame-ancestors is ignored by browsers — and no page forbade framing (clickjacking of the
// import and remove buttons) or MIME sniffing.

/** Answer pages show untrusted model output. The renderer already makes answers inert (lib/render);
 * this is defence in depth: nothing may load from another host, and no plugin may run. Next's own
 * inline scripts need 'unsafe-inline'; the dev server also needs eval and its websocket. */
function answerPagesCsp(development: boolean): string[] {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ];
}

/** Every other response: no framing, no plugins, no <base> or form redirection to another site. */
const BASE_CSP = ["object-src 'none'", "base-uri 'self'", "form-action 'self'"];

export function isAnswerPage(pathname: string): boolean {
  // /side-by-side shows whole answers (up to 4,000 characters each, 40 a page), formatted; a
  // collection's page shows its answers in full
  return (
    pathname === "/answers" || pathname.startsWith("/answers/") || pathname === "/side-by-side" || pathname.startsWith("/collections/")
  );
}

export function contentSecurityPolicy(pathname: string, development = process.env.NODE_ENV !== "production"): string {
  const directives = isAnswerPage(pathname) ? answerPagesCsp(development) : BASE_CSP;
  return [...directives, "frame-ancestors 'none'"].join("; ");
}

export function securityHeaders(pathname: string, development = process.env.NODE_ENV !== "production"): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(pathname, development),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // answer URLs carry the filters and search terms: they go to no other site
    "Referrer-Policy": "same-origin",
  };
}
