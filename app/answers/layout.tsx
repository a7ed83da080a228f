// Content-Security-Policy for the answer pages (they show untrusted model output). The renderer
// already makes answers inert (lib/render); this is defence in depth: nothing may load from
// another host or be framed, and no plugin may run. Set as a <meta http-equiv> (React hoists it
// into <head>) because next.config.js headers are shared by all pages. Next's own inline
// scripts need 'unsafe-inline'; the dev server also needs eval and its websocket.
const development = process.env.NODE_ENV !== "production";

const ANSWER_PAGES_CSP = [
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
].join("; ");

export default function AnswersLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <meta httpEquiv="Content-Security-Policy" content={ANSWER_PAGES_CSP} />
      {children}
    </>
  );
}
