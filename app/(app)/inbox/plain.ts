/** A value after a JSON round trip: dates become ISO strings, the rest stays. */
export type TJson<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? TJson<U>[]
    : T extends object
      ? { [K in keyof T]: TJson<T[K]> }
      : T;

/**
 * Turns server data (Prisma rows with Dates) into the plain props a client
 * component may receive, keeping the type so a mismatch with the
 * component's props is a compile error.
 */
export function plain<T>(value: T): TJson<T> {
  return JSON.parse(JSON.stringify(value)) as TJson<T>;
}
