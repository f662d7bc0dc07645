import { describe, expect, it } from "vitest";
import { dbProblem, isDbImport, isDbPlace } from "./lib-graph";

describe("isDbPlace", () => {
  it("allows files named data, mutations or sql, and anything under store/, data/ or mutations/", () => {
    for (const file of [
      "lib/teams/data.ts",
      "lib/teams/mutations.ts",
      "lib/dashboard/sql.ts",
      "lib/engine/store/directory.ts",
      "lib/exceptions/mutations/replay-exception.ts",
      "lib/audit/mutations/revert/columns.ts",
      "lib/x/data/find-thing.ts",
      "lib/server/jobs.ts",
    ]) {
      expect(isDbPlace(file), file).toBe(true);
    }
  });

  it("refuses every other file, including names that merely contain the words", () => {
    for (const file of [
      "lib/destinations/deliver.ts",
      "lib/dashboard/metrics.ts",
      "lib/x/data-table.ts",
      "lib/x/restore/thing.ts",
      "lib/x/my-mutations.ts",
      "app/(app)/queue/page.tsx",
      "components/queue/types.ts",
    ]) {
      expect(isDbPlace(file), file).toBe(false);
    }
  });
});

describe("isDbImport", () => {
  it("recognises the client, db-client and the generated clients", () => {
    expect(isDbImport("@/lib/server/db", "lib/server/db")).toBe(true);
    expect(isDbImport("@/lib/server/db-client", "lib/server/db-client")).toBe(true);
    expect(
      isDbImport("@/lib/server/generated/sqlite/client", "lib/server/generated/sqlite/client"),
    ).toBe(true);
    expect(isDbImport("@prisma/client", null)).toBe(true);
    expect(isDbImport("@prisma/client/runtime/library", null)).toBe(true);
  });

  it("leaves the rest of lib/server and other packages alone", () => {
    expect(isDbImport("@/lib/server/database-url", "lib/server/database-url")).toBe(false);
    expect(isDbImport("@/lib/server/jobs", "lib/server/jobs")).toBe(false);
    expect(isDbImport("zod", null)).toBe(false);
  });
});

describe("dbProblem", () => {
  it("names the file, what it imports and where the access belongs", () => {
    const message = dbProblem({ file: "lib/dashboard/x.ts", what: ["@/lib/server/db"] });
    expect(message).toContain("lib/dashboard/x.ts imports @/lib/server/db");
    expect(message).toContain("lib/dashboard/store/");
  });
});
