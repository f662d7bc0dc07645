import { readFileSync } from "node:fs";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Imports flow one way: app → components → lib/<domain> → lib/server.
const noPrismaOutsideData = {
  group: ["**/generated/**", "@prisma/*"],
  message:
    "Only lib/server and a domain's data.ts, mutations.ts, sql.ts or store/ talk to Prisma (ARCHITECTURE.md).",
};

const libFrameworkFree = {
  group: ["next", "next/*", "react", "react-dom", "@/app/*", "@/components/*"],
  message: "lib/ is framework-free: no React or Next imports, no app/ or components/.",
};
const serverNoUi = {
  group: ["react", "react-dom", "@/app/*", "@/components/*"],
  message: "lib/server is infrastructure: no React, app/ or components/.",
};

/** Per-folder import bans from lib-layers.json, with lib-layers.allow.json's entries let through. */
function layerBlocks() {
  const { layers } = JSON.parse(
    readFileSync(new URL("./lib-layers.json", import.meta.url), "utf8"),
  );
  const allow = JSON.parse(
    readFileSync(new URL("./lib-layers.allow.json", import.meta.url), "utf8"),
  );
  const blocks = [];
  layers.forEach((layer, level) => {
    const above = layers.slice(level);
    for (const folder of layer.folders) {
      const patterns = (allowed = []) => [
        folder === "server" ? serverNoUi : libFrameworkFree,
        ...above.flatMap((l) =>
          l.folders
            .filter((f) => f !== folder)
            .map((f) => ({
              group: [`@/lib/${f}/**`, ...allowed.map((a) => `!@/${a}`)],
              message:
                `lib/${folder} sits ${l === layer ? "beside" : "below"} lib/${f} (lib-layers.json: ${l.why}). ` +
                "Move what it needs down to the layer that owns it (ARCHITECTURE.md), or list the import in lib-layers.allow.json.",
            })),
        ),
      ];
      const ignores = ["lib/**/*.test.ts"];
      const mine = allow.filter((a) => a.file.startsWith(`lib/${folder}/`));
      blocks.push({
        files: [`lib/${folder}/**/*.ts`],
        ignores: [...ignores, ...mine.map((a) => a.file)],
        rules: { "no-restricted-imports": ["error", { patterns: patterns() }] },
      });
      for (const file of new Set(mine.map((a) => a.file))) {
        const allowed = mine.filter((a) => a.file === file).map((a) => a.imports);
        blocks.push({
          files: [file],
          rules: { "no-restricted-imports": ["error", { patterns: patterns(allowed) }] },
        });
      }
    }
  });
  return blocks;
}

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
      "no-restricted-imports": ["error", { patterns: [libFrameworkFree] }],
    },
  },
  // One block per lib/ folder, generated from lib-layers.json (the order lives
  // there, once): each folder may import only the layers below its own. A later
  // block replaces an earlier one's `no-restricted-imports`, so each repeats the
  // framework rule. lib/server may import next/* (next-auth, next/headers): it is
  // where the framework meets the domain. Tests may reach across layers to set
  // up what they check, so they keep only the lib/** rule. Relative imports
  // across folders are caught by `scripts/lib-graph.ts --check` in npm test.
  ...layerBlocks(),
  {
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      // Types may cross: a component derives its props from the data function
      // (`TPlain<TExceptionDetail>`) and the action (`typeof bulkAction`) the
      // page hands it, and `import type` is erased, so no server code is bundled.
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/app/(?!.*/actions$)",
              message:
                "components/ must not import from app/ (only `import type` from an actions.ts).",
            },
            {
              regex: "^@/app/.*/actions$",
              allowTypeImports: true,
              message: "components/ get server actions as props from pages: `import type` only.",
            },
            {
              group: [
                "@/lib/server/db",
                "@/lib/*/data",
                "@/lib/*/mutations",
                "@/lib/*/mutations/**",
                "@/lib/*/store/**",
              ],
              allowTypeImports: true,
              message:
                "components/ get plain data from pages; no Prisma or domain writes (`import type` is fine).",
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
