// `npm run lint` (zero warnings allowed): Next's rules, plus the layers of this project as import
// rules, so a layering mistake fails the check instead of waiting for review:
//   components/ draw what they are given: no database client, no query module (types come from
//     lib/<domain>/types.ts; a type-only import is erased and stays allowed);
//   lib/ is the app's library: it never reaches up into components/, app/ or scripts/;
//   pure modules (numbers, URL params, shapes, rendering, exports) never import queries or lib/db,
//     so they run the same in the browser, in tests and in the CLI.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/** lib/ reaching up into components/, app/ or scripts/ (benchmark code lives in scripts/bench/lib). */
const LIB_REACHES_UP = {
  regex: "^(@/|(\\.\\./)+)(components|app|scripts)(/|$)",
  message: "lib/ does not import components/, app/ or scripts/ (benchmark code lives in scripts/bench/lib).",
};

/** An import of lib/db or lib/queries, written with the @/ alias or relatively from a sibling folder. */
const DATABASE_IMPORT = "^(@/lib/|(\\.\\./)+)(db|queries)(/|$)";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    // a leading underscore marks a binding left unused on purpose (a destructured field dropped, a required parameter)
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "lib/generated/**",
    ".data/**",
    "test-results/**",
    "playwright-report/**",
  ]),
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@/lib/generated/prisma/client",
              allowTypeImports: true,
              message: "Components get data as props; the route (app/**/page.tsx) runs the queries.",
            },
          ],
          patterns: [
            {
              regex: DATABASE_IMPORT,
              allowTypeImports: true,
              message: "Components get data as props; the route (app/**/page.tsx) runs the queries. Shapes: lib/<domain>/types.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [LIB_REACHES_UP],
        },
      ],
    },
  },
  {
    // Pure modules: none of them composes queries (the loaders that do live in lib/queries/ and lib/api/).
    files: [
      "lib/{stats,figure,params,domain,render,charts,export,rates,scope,sets,models,questions,compare,batches,answers}/**/*.{ts,tsx}",
    ],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            LIB_REACHES_UP,
            {
              regex: DATABASE_IMPORT,
              message: "A pure module does not import queries or lib/db: shapes live in lib/<domain>/types.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    // The importer's layers (lib/import/README.md): reading turns bytes into validated rows and
    // knows no database; writing puts rows into the database and knows nothing of batches' removal.
    files: ["lib/import/read/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            LIB_REACHES_UP,
            {
              regex: DATABASE_IMPORT,
              message: "lib/import/read/ reads files: no queries, no lib/db.",
            },
            {
              regex: "^(@/lib/import/|\\.\\./)(write|batches|index|upload|multipart|experiment|judge-scores)(/|$)",
              message: "lib/import/read/ does not import the writing, batch or orchestrating modules of lib/import/.",
            },
            { regex: "^pg(-copy-streams)?$", message: "lib/import/read/ opens no database connection." },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/import/write/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            LIB_REACHES_UP,
            {
              regex: "^(@/lib/import/|\\.\\./)(batches|index|upload|multipart|experiment|judge-scores)(/|$)",
              message: "lib/import/write/ does not import batch removal or the orchestrating modules of lib/import/.",
            },
          ],
        },
      ],
    },
  },
]);
