import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Imports flow one way: app → components → lib/<domain> → lib/server.
const noPrismaOutsideData = {
  group: ["**/generated/**", "@prisma/*"],
  message: "Only lib/server and lib/<domain>/data.ts / mutations.ts talk to Prisma.",
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/server/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "bench/.out/**",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["next", "next/*", "react", "react-dom", "@/app/*", "@/components/*"],
              message: "lib/ is framework-free: no React or Next imports, no app/ or components/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/server/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["react", "react-dom", "@/app/*", "@/components/*"],
              message: "lib/server is infrastructure: no React, app/ or components/.",
            },
            {
              group: ["@/lib/*/data", "@/lib/*/mutations"],
              message: "lib/server must not depend on domain folders.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/app/*"], message: "components/ must not import from app/." },
            {
              group: ["@/lib/server/db", "@/lib/*/data", "@/lib/*/mutations"],
              message: "components/ get plain data from pages; no Prisma or domain writes.",
            },
            noPrismaOutsideData,
          ],
        },
      ],
    },
  },
  {
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            noPrismaOutsideData,
            {
              group: ["@/lib/server/db"],
              message: "Pages and routes call lib/<domain>/data.ts, not the db client.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
