// One path under load (autocannon's programmatic API) and the wait for an idle server between
// paths, so one path's backlog (requests the server still works on after the clients closed)
// does not slow the next path down.
import { createRequire } from "node:module";
import autocannon from "autocannon";

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  timeoutSeconds: number;
}

/**
 * What every browser sends. Without Accept-Encoding, Next answers uncompressed: a 300 KB `/answers`
 * page instead of about 40 KB, and the run measured autocannon parsing bodies on the same two cores
 * (121 req/s against 605 req/s with gzip, 200 connections, 1M answers, response cache on).
 */
export const BROWSER_HEADERS = {
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-encoding": "gzip, deflate, br",
};

/**
 * autocannon keeps every response body as a string (`req.body += chunk` in its
 * lib/pipelinedRequestsQueue.js, 8.0.0) for options this load test does not use (verifyBody,
 * expectBody, a request's onResponse), and it has no option to stop. Decoding a gzip body as UTF-8
 * text is the dearest part of its work: at 1M answers, 200 connections, with the response cache on,
 * the single-threaded generator ran at 100% of a core while the server used 19%, and capped
 * `/models/1` (123 KB gzip) at 539 req/s, p99 858 ms. Without the strings, on the same server and
 * machine: 3,007 req/s, p99 114 ms. Bodies are still read to their end and their bytes counted;
 * only the copy no one reads is gone.
 */
export function discardResponseBodies(): void {
  const queue = createRequire(import.meta.url)("autocannon/lib/pipelinedRequestsQueue.js") as { prototype: Record<string, unknown> };
  if (typeof queue.prototype.addBody !== "function") {
    throw new Error("autocannon's PipelinedRequestsQueue has no addBody: check discardResponseBodies against the installed version");
  }
  queue.prototype.addBody = () => undefined;
}
discardResponseBodies();

/** The running autocannon instance, so Ctrl-C can stop it; null between runs. */
let current: autocannon.Instance | null = null;

/** Loads `url` with N connections for the duration; resolves with autocannon's result. */
export function loadUrl(url: string, settings: LoadSettings): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    current = autocannon(
      {
        url,
        connections: settings.connections,
        duration: settings.durationSeconds,
        timeout: settings.timeoutSeconds,
        headers: BROWSER_HEADERS,
      },
      (error, result) => {
        current = null;
        if (error) reject(error);
        else resolve(result);
      },
    );
  });
}

/** Stops the run in progress (its callback still fires, with what was measured so far); false when none runs. */
export function stopCurrentLoad(): boolean {
  if (current === null) return false;
  current.stop();
  return true;
}

export interface IdleWait {
  idle: boolean;
  waitedMs: number;
}

/**
 * Waits until a single GET / is answered (any status below 500) within `answerWithinMs`, for at
 * most `maxWaitMs`. A server still busy with the last path's backlog answers late or with 503.
 */
export async function waitUntilIdle(baseUrl: string, answerWithinMs = 5_000, maxWaitMs = 30_000): Promise<IdleWait> {
  const started = Date.now();
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(answerWithinMs) });
      await response.arrayBuffer();
      if (response.status < 500) return { idle: true, waitedMs: Date.now() - started };
    } catch {
      // no answer within answerWithinMs (or refused): still busy
    }
    if (Date.now() - started >= maxWaitMs) return { idle: false, waitedMs: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
