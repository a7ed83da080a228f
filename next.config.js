/** @type {import('next').NextConfig} */
const nextConfig = {
  // pg and the embedded database run on the server only; keep them out of the bundle.
  serverExternalPackages: ["pg", "pg-copy-streams", "@prisma/adapter-pg", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  poweredByHeader: false,
  // `next build` type-checks the whole project again (79-116 s of a first `npm start` on a loaded
  // 2-core machine). `npm test` runs `tsc --noEmit` before it builds, so a type error still fails
  // the tests; the first start of the dashboard does not repeat that check.
  typescript: { ignoreBuildErrors: true },
  // Turbopack's build cache (.next/cache) makes a rebuild after a change ~10 s instead of ~37 s,
  // but writing it costs the very first build ~11 s of CPU (56 s instead of 45 s, measured), when
  // there is nothing to reuse yet. The launcher (scripts/launcher/build.ts) sets
  // ME_NEXT_BUILD_CACHE=off for a build into a project without .next; every later build keeps it.
  experimental: { turbopackFileSystemCacheForBuild: process.env.ME_NEXT_BUILD_CACHE !== "off" },
};

export default nextConfig;
