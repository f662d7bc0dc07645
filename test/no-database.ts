/**
 * Setup file of the `unit` Vitest project (vitest.config.ts): unit tests,
 * `*.test.ts`, have no database and run in parallel. The shared client that
 * lib/server/db.ts keeps on globalThis is replaced by one that throws on first
 * use (and DATABASE_URL names a path SQLite cannot open), so a test that does
 * reach the database fails loudly instead of racing the serial `db` project.
 */
const refuse = (what: string): never => {
  throw new Error(
    `Unit tests have no database (touched db.${what}). A test that needs one is named *.db.test.ts and runs in the "db" project.`,
  );
};

(globalThis as { __batonDb?: unknown }).__batonDb = new Proxy(
  {},
  {
    get(_target, key) {
      // `await`, inspection and pretty-printing probe these; they are not uses.
      if (typeof key === "symbol" || key === "then" || key === "toJSON") return undefined;
      return refuse(String(key));
    },
  },
);
