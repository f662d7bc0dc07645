import Ajv, {
  type ErrorObject,
  type Format,
  type FormatDefinition,
  type Options,
  type ValidateFunction,
} from "ajv";
import Ajv2020 from "ajv/dist/2020";
import { fastFormats } from "ajv-formats/dist/formats";
import { RE2JS } from "re2js";

/**
 * Compiles contracts with ajv 8 (JSON Schema draft 2020-12 by default;
 * draft-07 when the contract's `$schema` says so), once per distinct
 * contract: the compiled function is cached by the contract's JSON text, so
 * the worker, which reads a fresh copy of the contract with every batch,
 * compiles it once per version and process.
 *
 * Regexes applied to payload strings are bounded: a `pattern` never runs on a
 * string longer than PATTERN_MAX_INPUT, a format never on one longer than its
 * cap (FORMAT_MAX_INPUT), formats come from ajv-formats' "fast" set, and
 * `email` keeps Baton's own rule, rewritten to run in linear time (EMAIL).
 * An admin's `pattern` (and patternProperties keys) runs on RE2 (re2js), which
 * matches in time linear in the input whatever the pattern: JavaScript's
 * engine backtracks, and no static check of a pattern catches every shape
 * that explodes (`^(?:a*a*)(?:a*a*)$` passed one). RE2 has no lookarounds
 * or backreferences, so a pattern using them is refused when it is saved.
 */

/** Longest string a contract `pattern` is run on; longer ones fail the pattern with their own message. */
export const PATTERN_MAX_INPUT = 1_000;
/** Longest string a format check runs on (an email address is at most 254 characters). */
export const FORMAT_MAX_INPUT = 2_048;
// No real pattern is this long; RE2's program grows with it.
const MAX_PATTERN_LENGTH = 1_000;
// Base64 payloads can be large; its check is linear (regex-redos test).
const FORMAT_CAPS: Record<string, number> = { email: 254, byte: 10 * 1024 * 1024 };

export type TCompiledContract =
  { ok: true; validate: ValidateFunction } | { ok: false; problems: string[] };

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;
const DRAFT_2020 = /^https:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

/**
 * ajv's regex engine option (`code.regExp`): RE2, searching like RegExp#test.
 * The length cap stays: linear is still ~1 µs a character.
 */
function cappedRegExp(pattern: string) {
  const re = RE2JS.compile(pattern);
  // ajv keys compiled patterns by toString(): one key per pattern.
  return {
    test: (s: string) => s.length <= PATTERN_MAX_INPUT && re.test(s),
    toString: () => `/${pattern}/re2`,
  };
}
// Anything but "new RegExp" makes ajv call this function from the compiled code.
cappedRegExp.code = "re2js";

/** One of ajv-formats' fast formats, refusing strings past its cap before any regex runs. */
function capped(name: string, format: Format): Format {
  const cap = FORMAT_CAPS[name] ?? FORMAT_MAX_INPUT;
  const guard = (check: RegExp | ((s: string) => boolean)) => (s: string) =>
    s.length <= cap && (check instanceof RegExp ? check.test(s) : check(s));
  if (format instanceof RegExp || typeof format === "function") return guard(format);
  if (typeof format === "object" && (format.type ?? "string") === "string" && !format.async) {
    const def = format as FormatDefinition<string>;
    return { ...def, validate: guard(def.validate as RegExp | ((s: string) => boolean)) };
  }
  return format; // number formats (int32…), and `true` (annotation only)
}

/**
 * Baton's email rule as before (no whitespace, one @, a dot in the domain;
 * non-ASCII allowed, as web forms send it), written so that it cannot
 * backtrack: the old `^[^\s@]+@[^\s@]+\.[^\s@]+$` took ~5 s on
 * `"a@" + "." × 100k + " "`; here every label excludes the dot between them.
 */
export const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u;

const cappedFormats = () =>
  Object.fromEntries(
    Object.entries({ ...fastFormats, email: EMAIL }).map(([name, f]) => [name, capped(name, f)]),
  );

const OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  // Unknown keywords and formats are errors, so no check is silently skipped.
  strict: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
  // `required: ["toString"]` must not be satisfied by Object.prototype.
  ownProperties: true,
  // Contracts are compiled one by one and never referenced by $id from another.
  addUsedSchema: false,
  logger: false,
  code: { regExp: cappedRegExp },
};

let engines: { d2020: Ajv; d07: Ajv } | null = null;

function engineFor(schema: unknown): Ajv | string {
  engines ??= {
    d2020: new Ajv2020({ ...OPTIONS, formats: cappedFormats() }),
    d07: new Ajv({ ...OPTIONS, formats: cappedFormats() }),
  };
  const declared =
    schema && typeof schema === "object" ? (schema as { $schema?: unknown }).$schema : undefined;
  if (declared === undefined || (typeof declared === "string" && DRAFT_2020.test(declared)))
    return engines.d2020;
  if (typeof declared === "string" && DRAFT_07.test(declared)) return engines.d07;
  return `$schema: ${JSON.stringify(declared)} is not supported; use draft 2020-12 (the default) or draft-07`;
}

/** A JSON Pointer (`/items/0/sku`) as a dotted path (`items.0.sku`). */
export const dotted = (pointer: string) =>
  pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");

/** Every `pattern` keyword (and patternProperties key) of a schema, with where it is. */
function* patternsOf(node: unknown, path: string): Generator<[string, string]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* patternsOf(item, `${path}.${i}`);
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    const at = path ? `${path}.${key}` : key;
    // Values, not schemas: a "pattern" key inside them is data.
    if (["enum", "const", "default", "examples"].includes(key)) continue;
    if (key === "pattern" && typeof value === "string") yield [at, value];
    if (key === "patternProperties" && value && typeof value === "object") {
      for (const p of Object.keys(value)) yield [`${at}.${p}`, p];
    }
    yield* patternsOf(value, at);
  }
}

function patternProblems(schema: unknown): string[] {
  const problems: string[] = [];
  for (const [at, pattern] of patternsOf(schema, "")) {
    if (pattern.length > MAX_PATTERN_LENGTH) {
      problems.push(`${at}: the pattern is over ${MAX_PATTERN_LENGTH} characters`);
      continue;
    }
    try {
      new RegExp(pattern, "u");
    } catch (e) {
      const why = (e as Error).message.replace(/^.*: /, "");
      problems.push(`${at}: ${JSON.stringify(pattern)} is not a valid regular expression (${why})`);
      continue;
    }
    try {
      RE2JS.compile(pattern);
    } catch (e) {
      const why = (e as Error).message.replace(/^error parsing regexp: /, "");
      problems.push(
        `${at}: the pattern ${JSON.stringify(pattern)} uses syntax Baton's linear-time regex engine (RE2) does not support, such as lookarounds or backreferences (${why})`,
      );
    }
  }
  return problems;
}

function metaSchemaProblems(ajv: Ajv, schema: unknown): string[] {
  if (ajv.validateSchema(schema as object)) return [];
  const seen = new Set<string>();
  for (const e of (ajv.errors ?? []) as ErrorObject[]) {
    const at = dotted(e.instancePath) || "(root)";
    const tuple = /(^|\.)items$/.test(at) && e.keyword === "type" && ajv === engines?.d2020;
    seen.add(
      tuple
        ? `${at}: a list of schemas is draft-07 tuple syntax; in draft 2020-12 use prefixItems (or set $schema to draft-07)`
        : `${at}: ${e.message ?? "is invalid"}`,
    );
  }
  return [...seen];
}

function compile(schema: unknown): TCompiledContract {
  if (typeof schema === "boolean") {
    // `true` accepts anything, `false` nothing: no $id or pattern to look after.
    return { ok: true, validate: (engineFor(schema) as Ajv).compile(schema) };
  }
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    return { ok: false, problems: ["the contract must be a JSON Schema object"] };
  }
  const ajv = engineFor(schema);
  if (typeof ajv === "string") return { ok: false, problems: [ajv] };
  const problems = [...metaSchemaProblems(ajv, schema), ...patternProblems(schema)];
  if (problems.length > 0) return { ok: false, problems };
  const refsBefore = new Set(Object.keys(ajv.refs));
  try {
    return { ok: true, validate: ajv.compile(schema as object) };
  } catch (e) {
    // An unresolvable $ref, an unknown keyword or format: ajv's message names it.
    return { ok: false, problems: [(e as Error).message.replace(/^strict mode: /, "")] };
  } finally {
    // Nothing of this contract stays in ajv: the cache below owns it.
    ajv.removeSchema(schema as object);
    for (const ref of Object.keys(ajv.refs)) if (!refsBefore.has(ref)) delete ajv.refs[ref];
  }
}

const MAX_CACHED = 500;
const byText = new Map<string, TCompiledContract>();

/**
 * The compiled contract (or why it cannot be compiled), cached by its JSON
 * text: callers hold a fresh copy per event (parsed from the row), so object
 * identity would miss; stringifying a typical contract costs ~1 µs.
 */
export function compiledContract(schema: unknown): TCompiledContract {
  const text = JSON.stringify(schema) ?? "null";
  let compiled = byText.get(text);
  if (!compiled) {
    try {
      compiled = compile(schema);
    } catch (e) {
      // Say, a schema nested deep enough to exhaust the stack: refused, not thrown.
      compiled = {
        ok: false,
        problems: [`the contract cannot be compiled (${(e as Error).message})`],
      };
    }
    // Oldest out first: contracts change rarely, so this is the version history.
    if (byText.size >= MAX_CACHED) byText.delete(byText.keys().next().value!);
    byText.set(text, compiled);
  }
  return compiled;
}
