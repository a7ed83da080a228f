// Whether a connection URL is an embedded server's, without loading what opens one: the app's client
// (lib/db/client.ts) asks this of every URL, and importing lib/db/embedded.ts into the Next.js build
// for it made the build trace the whole project (three "Dynamic filesystem access" warnings, for
// the data-folder paths of functions the app never calls).
import path from "node:path";

/** The name every socket folder of an embedded server starts with (made by mkdtemp in lib/db/embedded.ts). */
export const SOCKET_DIR_PREFIX = "me-pglite-";

/** Whether a folder is named as the socket folders the embedded servers listen in. */
export function isSocketDirName(dir: string): boolean {
  return path.basename(dir).startsWith(SOCKET_DIR_PREFIX);
}

/** Whether a connection URL is an embedded server's (its host is a socket folder of ours). */
export function isEmbeddedUrl(url: string): boolean {
  const host = URL.canParse(url) ? new URL(url).searchParams.get("host") : null;
  return host !== null && isSocketDirName(host);
}
