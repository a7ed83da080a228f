// One path under load (autocannon's programmatic API) and the wait for an idle server between
// paths, so one path's backlog (requests the server still works on after the clients closed)
// does not slow the next path down.
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
