import { describe, expect, it } from "vitest";
import { parsePageParams, parseSort, sortOrderBy, sortRows } from "./search-params";

const SPEC = { name: "asc", createdAt: "desc" } as const;

describe("parseSort", () => {
  it("takes a whitelisted key and direction", () => {
    expect(parseSort({ sort: "name", dir: "desc" }, SPEC)).toEqual({ sort: "name", dir: "desc" });
  });

  it("uses the key's own direction when none or a bad one is given", () => {
    expect(parseSort({ sort: "createdAt" }, SPEC)).toEqual({ sort: "createdAt", dir: "desc" });
    expect(parseSort({ sort: "name", dir: "sideways" }, SPEC)).toEqual({
      sort: "name",
      dir: "asc",
    });
  });

  it("falls back to the list's default order for an unknown, repeated or missing key", () => {
    for (const sp of [{}, { sort: "password" }, { sort: ["name", "name"] }, { sort: "" }]) {
      expect(parseSort(sp, SPEC)).toEqual({ sort: null, dir: null });
    }
    // An inherited property is not a key of the list.
    expect(parseSort({ sort: "toString" }, SPEC)).toEqual({ sort: null, dir: null });
  });
});

describe("parsePageParams", () => {
  it("falls back to page 1", () => {
    expect(parsePageParams({ page: "x" })).toEqual({ page: 1, perPage: 25 });
  });
});

describe("sortOrderBy", () => {
  const COLUMNS = { name: ["name"], createdAt: ["createdAt"] } as const;

  it("orders by the key's columns, then the id, in one direction", () => {
    expect(sortOrderBy(COLUMNS, SPEC, "name", "desc")).toEqual([{ name: "desc" }, { id: "desc" }]);
    expect(sortOrderBy(COLUMNS, SPEC, "createdAt", null)).toEqual([
      { createdAt: "desc" },
      { id: "desc" },
    ]);
  });

  it("leaves the default order to the caller without a known key", () => {
    expect(sortOrderBy(COLUMNS, SPEC, null, "asc")).toBeNull();
    expect(sortOrderBy(COLUMNS, SPEC, "constructor" as "name", "asc")).toBeNull();
  });
});

describe("sortRows", () => {
  const rows = [
    { name: "beta", n: 2 as number | null },
    { name: "Alpha", n: null },
    { name: "gamma", n: 10 },
    { name: "delta", n: 2 },
  ];
  const values = {
    name: (r: (typeof rows)[number]) => r.name,
    n: (r: (typeof rows)[number]) => r.n,
  };
  const spec = { name: "asc", n: "desc" } as const;

  it("sorts text by locale and numbers as numbers, empty values last, ties stable", () => {
    expect(sortRows(rows, values, spec, "name", null).map((r) => r.name)).toEqual([
      "Alpha",
      "beta",
      "delta",
      "gamma",
    ]);
    expect(sortRows(rows, values, spec, "n", null).map((r) => r.name)).toEqual([
      "gamma",
      "beta",
      "delta",
      "Alpha",
    ]);
    expect(sortRows(rows, values, spec, "n", "asc").map((r) => r.name)).toEqual([
      "beta",
      "delta",
      "gamma",
      "Alpha",
    ]);
  });

  it("keeps the order for no or an unknown key, and never reorders its input", () => {
    expect(sortRows(rows, values, spec, null, null)).toEqual(rows);
    expect(sortRows(rows, values, spec, "hasOwnProperty" as "name", "asc")).toEqual(rows);
    sortRows(rows, values, spec, "name", "desc");
    expect(rows[0].name).toBe("beta");
  });
});
