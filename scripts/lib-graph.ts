/**
 * The import graph between lib/ folders, and the check that keeps it going one
 * way (ARCHITECTURE.md).
 *
 *   npx tsx scripts/lib-graph.ts           folder edges, folder cycles, db-client importers
 *   npx tsx scripts/lib-graph.ts --check   fail on an import against lib-layers.json that
 *                                          lib-layers.allow.json does not list, on a stale
 *                                          allow-list entry, on any folder cycle, when
 *                                          ARCHITECTURE.md's list of layers is out of date,
 *                                          and on a file outside the named places
 *                                          (data/mutations/sql, store/) that imports the
 *                                          db client, db-client or the generated client
 *   npx tsx scripts/lib-graph.ts --write-doc   rewrite that list from lib-layers.json
 *
 * A folder is the first directory under lib/ (lib/server/auth counts as lib/server).
 * Test files are left out: a test may reach anywhere to set up what it checks, and
 * nothing ships that imports it. `import type` counts: a type import couples the
 * folders as much as a value import does, it only costs nothing at run time.
 * Dependency-free on purpose (the TypeScript parser is already here): it reads
 * every file once, so it takes about a second.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "..");
const rel = (p: string) => path.relative(root, p).split(path.sep).join("/");

type TLayers = { layers: { folders: string[]; why: string }[] };
type TAllow = { file: string; imports: string; why: string };
type TImport = { from: string; to: string; spec: string; typeOnly: boolean };

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "generated" || entry.name === "node_modules") continue;
      out.push(...sourceFiles(full));
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

/** Every module specifier a file names: static imports/exports and `import()`. */
function specifiers(file: string): { spec: string; typeOnly: boolean }[] {
  const text = fs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const out: { spec: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allTypes =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      out.push({ spec: node.moduleSpecifier.text, typeOnly: allTypes });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      out.push({ spec: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push({ spec: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const lit = node.argument.literal;
      if (ts.isStringLiteral(lit)) out.push({ spec: lit.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The repo-relative path an `@/` or relative specifier points at (no extension). */
function resolve(fromFile: string, spec: string): string | null {
  let abs: string;
  if (spec.startsWith("@/")) abs = path.join(root, spec.slice(2));
  else if (spec.startsWith(".")) abs = path.resolve(path.dirname(fromFile), spec);
  else return null;
  return rel(abs).replace(/\.tsx?$/, "");
}

const folderOf = (p: string) => (p.startsWith("lib/") ? p.split("/")[1] : null);

export function libImports(): TImport[] {
  const out: TImport[] = [];
  for (const file of sourceFiles(path.join(root, "lib"))) {
    const from = rel(file);
    for (const { spec, typeOnly } of specifiers(file)) {
      const to = resolve(file, spec);
      if (to?.startsWith("lib/")) out.push({ from, to, spec, typeOnly });
    }
  }
  return out;
}

/** Tarjan's strongly connected components; only those with more than one folder. */
function cycles(nodes: string[], edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const n of nodes) if (!idx.has(n)) strong(n);
  return out;
}

/**
 * Where a file may touch the database (ARCHITECTURE.md, "Where the database is
 * touched"): a file named data, mutations or sql, anything under a store/,
 * data/ or mutations/ folder, and lib/server (the infrastructure itself).
 */
export function isDbPlace(file: string): boolean {
  if (file.startsWith("lib/server/")) return true;
  return (
    /(^|\/)(data|mutations|sql)\.tsx?$/.test(file) || /(^|\/)(store|data|mutations)\//.test(file)
  );
}

/**
 * Whether an import reaches the database: the client (`@/lib/server/db`),
 * db-client (TTx, the raw SQLite handle) or a generated Prisma client. `to` is
 * the repo-relative path the specifier resolves to (null for a package).
 */
export function isDbImport(spec: string, to: string | null): boolean {
  return (
    to === "lib/server/db" ||
    to === "lib/server/db-client" ||
    !!to?.startsWith("lib/server/generated/") ||
    spec === "@prisma/client" ||
    spec.startsWith("@prisma/client/")
  );
}

/** Files outside the named places that import the db client, db-client or the generated client. */
export function dbImporters(): { file: string; what: string[] }[] {
  const out: { file: string; what: string[] }[] = [];
  for (const dir of ["lib", "app", "components"]) {
    for (const file of sourceFiles(path.join(root, dir))) {
      const r = rel(file);
      if (isDbPlace(r)) continue;
      const what = specifiers(file)
        .filter(({ spec }) => isDbImport(spec, resolve(file, spec)))
        .map(({ spec }) => spec);
      if (what.length) out.push({ file: r, what: [...new Set(what)] });
    }
  }
  return out;
}

function readJson<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(root, name), "utf8")) as T;
}

const DOC = "ARCHITECTURE.md";
const DOC_START =
  "<!-- layers: generated from lib-layers.json by `npx tsx scripts/lib-graph.ts --write-doc` -->";
const DOC_END = "<!-- /layers -->";

/** ARCHITECTURE.md's list of layers, top first, as lib-layers.json has them. */
function layerList({ layers }: TLayers): string {
  const lines = layers
    .map((l, n) => `- **${n + 1}** ${l.folders.map((f) => `\`lib/${f}\``).join(", ")} — ${l.why}`)
    .reverse();
  return [DOC_START, "", ...lines, "", DOC_END].join("\n");
}

function docWithList(doc: string, list: string): string {
  const start = doc.indexOf(DOC_START);
  const end = doc.indexOf(DOC_END);
  if (start < 0 || end < start) throw new Error(`${DOC} has no ${DOC_START} … ${DOC_END} block`);
  return doc.slice(0, start) + list + doc.slice(end + DOC_END.length);
}

function main() {
  const check = process.argv.includes("--check");
  if (process.argv.includes("--write-doc")) {
    const doc = fs.readFileSync(path.join(root, DOC), "utf8");
    fs.writeFileSync(
      path.join(root, DOC),
      docWithList(doc, layerList(readJson<TLayers>("lib-layers.json"))),
    );
    return;
  }
  const started = performance.now();
  const imports = libImports();
  const cross = imports.filter((i) => folderOf(i.from) !== folderOf(i.to));

  const edges = new Map<string, Set<string>>();
  const counts = new Map<string, { value: number; type: number }>();
  for (const i of cross) {
    const a = folderOf(i.from)!;
    const b = folderOf(i.to)!;
    if (!edges.has(a)) edges.set(a, new Set());
    edges.get(a)!.add(b);
    const key = `${a} → ${b}`;
    const c = counts.get(key) ?? { value: 0, type: 0 };
    if (i.typeOnly) c.type++;
    else c.value++;
    counts.set(key, c);
  }
  const folders = fs
    .readdirSync(path.join(root, "lib"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const sccs = cycles(folders, edges);

  const order = readJson<TLayers>("lib-layers.json");
  const { layers } = order;
  const level = new Map<string, number>();
  layers.forEach((l, n) => l.folders.forEach((f) => level.set(f, n)));
  const wrongWay = cross.filter((i) => {
    const a = level.get(folderOf(i.from)!);
    const b = level.get(folderOf(i.to)!);
    return a === undefined || b === undefined || b >= a;
  });

  if (!check) {
    console.log(`lib/ folder edges (${counts.size}; imports: value + type-only):`);
    for (const [key, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`  ${key.padEnd(34)} ${c.value}${c.type ? ` + ${c.type} type` : ""}`);
    }
    console.log(`\nfolder cycles (strongly connected components): ${sccs.length}`);
    for (const c of sccs) console.log(`  ${c.length} folders: ${c.join(", ")}`);
    const valueEdges = new Map<string, Set<string>>();
    for (const i of cross.filter((i) => !i.typeOnly)) {
      const a = folderOf(i.from)!;
      if (!valueEdges.has(a)) valueEdges.set(a, new Set());
      valueEdges.get(a)!.add(folderOf(i.to)!);
    }
    const valueSccs = cycles(folders, valueEdges);
    console.log(`  value imports only: ${valueSccs.map((c) => c.length).join(", ") || "none"}`);
    const wrongPairs = new Set(wrongWay.map((i) => `${folderOf(i.from)} → ${folderOf(i.to)}`));
    console.log(
      `\nimports against lib-layers.json: ${wrongWay.length} in ${new Set(wrongWay.map((i) => i.from)).size} files, ${wrongPairs.size} folder edges`,
    );
    for (const i of wrongWay) console.log(`  ${i.from} → ${i.spec}${i.typeOnly ? " (type)" : ""}`);
    const db = dbImporters();
    const client = db.filter((d) => d.what.some((w) => !w.endsWith("/db-client")));
    console.log(
      `\nfiles importing the db client, db-client (TTx) or the generated Prisma client` +
        `\n  outside data/mutations/sql/store: ${db.length}` +
        ` (${client.length} of them beyond the TTx type / raw SQLite handle of db-client)`,
    );
    for (const d of db) console.log(`  ${d.file}: ${d.what.join(", ")}`);
    return;
  }

  const allow = readJson<TAllow[]>("lib-layers.allow.json");
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const i of wrongWay) {
    const key = `${i.from} ${i.to}`;
    seen.add(key);
    if (!allow.some((a) => a.file === i.from && a.imports === i.to)) {
      const a = folderOf(i.from)!;
      const b = folderOf(i.to)!;
      problems.push(
        `${i.from} imports ${i.spec}: lib/${a} sits ${level.get(b) === level.get(a) ? "beside" : "below"} lib/${b} in lib-layers.json. ` +
          `Move what it needs down to the layer that owns it (ARCHITECTURE.md), or, if it cannot move yet, ` +
          `add { "file": "${i.from}", "imports": "${i.to}", "why": "…" } to lib-layers.allow.json.`,
      );
    }
  }
  for (const a of allow) {
    if (!seen.has(`${a.file} ${a.imports}`)) {
      problems.push(
        `lib-layers.allow.json lists ${a.file} → ${a.imports}, which no longer goes against the order: remove the entry (the list only shrinks).`,
      );
    }
    if (!a.why?.trim())
      problems.push(`lib-layers.allow.json: ${a.file} → ${a.imports} has no "why".`);
  }
  const unplaced = folders.filter((f) => !level.has(f));
  for (const f of unplaced) problems.push(`lib/${f} has no layer in lib-layers.json.`);
  const doc = fs.readFileSync(path.join(root, DOC), "utf8");
  if (docWithList(doc, layerList(order)) !== doc) {
    problems.push(
      `${DOC}'s list of layers differs from lib-layers.json: run npx tsx scripts/lib-graph.ts --write-doc.`,
    );
  }
  // The allow-list may hold wrong-way edges, but never enough of them to close a loop.
  for (const c of sccs) problems.push(`folder cycle in lib/: ${c.join(" ⇄ ")}.`);
  for (const d of dbImporters()) problems.push(dbProblem(d));

  const ms = Math.round(performance.now() - started);
  if (problems.length) {
    for (const p of problems) console.error(`✗ ${p}`);
    console.error(
      `\n${problems.length} problem(s) with the layers or the database places (${ms} ms).`,
    );
    process.exitCode = 1;
  } else {
    console.log(
      `lib/ layers hold: ${cross.length} cross-folder imports, no folder cycle, ${allow.length} allow-listed, ` +
        `database only in data/mutations/sql/store (${ms} ms).`,
    );
  }
}

/** The --check message for a file that reaches the database outside the named places. */
export function dbProblem({ file, what }: { file: string; what: string[] }): string {
  const where = file.startsWith("lib/")
    ? `the domain's data.ts (reads), mutations.ts (writes), sql.ts or a store/ folder (lib/${file.split("/")[1]}/store/…)`
    : "a domain's data.ts or mutations.ts, which this file then calls";
  return (
    `${file} imports ${what.join(", ")}: only data.ts, mutations.ts, sql.ts and files under store/, data/ or mutations/ touch the database (ARCHITECTURE.md). ` +
    `Move the query or write to ${where}; pure code takes plain data, or a type re-exported from a store file.`
  );
}

// Run as a script, not when a test imports the functions above.
if (path.resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) main();
