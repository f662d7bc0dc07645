/**
 * What a value becomes after `JSON.stringify` then `JSON.parse`, as a type:
 * anything with `toJSON` becomes what that returns (a `Date` becomes its ISO
 * string), functions and symbols are dropped from objects, `undefined` in an
 * array becomes `null`, and the rest keeps its shape. A client component
 * declares its props as `TPlain<TServerRow>` rather than re-typing the row, so
 * the type follows the select it came from.
 */
export type TPlain<T> = T extends { toJSON(): infer R }
  ? TPlain<R>
  : T extends bigint
    ? never // JSON.stringify throws on a bigint: no plain value has one
    : T extends readonly (infer U)[]
      ? (U extends undefined ? null : TPlain<U>)[]
      : T extends object
        ? {
            [
              K in keyof T as T[K] extends ((...args: never[]) => unknown) | symbol ? never : K
            ]: TPlain<T[K]>;
          }
        : T;

/**
 * Turns server data (Prisma rows with Dates, domain results) into the plain
 * props a client component may receive. The type says what the round trip did,
 * so a page that hands a component something its props do not accept is a
 * compile error. Every page → client component handoff goes through here.
 */
export function plain<T>(value: T): TPlain<T> {
  return JSON.parse(JSON.stringify(value)) as TPlain<T>;
}
