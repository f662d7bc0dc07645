import { z } from "zod";

/** Page parameters shared by list pages; bad values fall back to defaults instead of erroring. */
export function parsePageParams(sp: Record<string, string | string[] | undefined>, perPage = 25) {
  const page = z.coerce.number().int().min(1).max(100_000).catch(1).parse(sp.page);
  return { page, perPage };
}

export function oneOf<T extends string>(value: unknown, options: readonly T[], fallback: T): T {
  return typeof value === "string" && (options as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

export type TDir = "asc" | "desc";

/** A list's sortable keys, each with the direction its first click (or a bare `?sort=`) uses. */
export type TSortSpec<K extends string> = Record<K, TDir>;

/**
 * `?sort=&dir=` checked against a list's whitelist: an unknown key falls back
 * to the list's default order (`sort: null`), a missing or unknown direction to
 * the key's own. Only whitelisted keys ever reach a query, so a typed URL can
 * neither crash a page nor order by a column the list does not offer.
 */
export function parseSort<K extends string>(
  sp: Record<string, string | string[] | undefined>,
  spec: TSortSpec<K>,
): { sort: K; dir: TDir } | { sort: null; dir: null } {
  const keys = Object.keys(spec) as K[];
  const sort = typeof sp.sort === "string" && keys.includes(sp.sort as K) ? (sp.sort as K) : null;
  if (sort === null) return { sort: null, dir: null };
  return { sort, dir: oneOf(sp.dir, ["asc", "desc"] as const, spec[sort]) };
}

/**
 * A whitelisted sort as an `orderBy`: the key's columns in its direction, then
 * the id, so rows with equal keys keep one order from page to page. Null
 * without a (known) key: the caller keeps its default order.
 */
export function sortOrderBy<K extends string, C extends string>(
  columns: Record<K, readonly C[]>,
  spec: TSortSpec<K>,
  sort: K | null | undefined,
  dir: TDir | null | undefined,
): Partial<Record<C | "id", TDir>>[] | null {
  if (!sort || !Object.hasOwn(columns, sort)) return null;
  const d = dir ?? spec[sort];
  type TOrder = Partial<Record<C | "id", TDir>>;
  return [...columns[sort].map((c) => ({ [c]: d }) as TOrder), { id: d } as TOrder];
}

type TSortValue = string | number | null;

/**
 * A whitelisted sort applied in memory, for short lists whose order comes from
 * figures computed after the query (a source's counts, a team's load). Text
 * compares by locale, numbers as numbers, empty values last; ties keep the
 * order the rows came in. A copy: the rows passed in are not reordered.
 */
export function sortRows<T, K extends string>(
  rows: readonly T[],
  values: Record<K, (row: T) => TSortValue>,
  spec: TSortSpec<K>,
  sort: K | null | undefined,
  dir: TDir | null | undefined,
): T[] {
  if (!sort || !Object.hasOwn(values, sort)) return [...rows];
  const value = values[sort];
  const sign = (dir ?? spec[sort]) === "asc" ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c =
        typeof a.v === "number" && typeof b.v === "number"
          ? a.v - b.v
          : String(a.v).localeCompare(String(b.v));
      return sign * c || a.i - b.i;
    })
    .map((x) => x.row);
}
