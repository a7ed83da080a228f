// Imported first by every benchmark: they time the queries, not the view cache
// (lib/cache/data-version.ts), which is on by default outside vitest. With it on, every timed run
// after the first is a cache hit: the search benchmark at 1M showed 1–30 ms for every case that way.
process.env.ME_VIEW_CACHE = "off";
