import { describe, expect, it } from "vitest";
import { parsePageParams, parseSort, sortOrderBy } from "./search-params";

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
