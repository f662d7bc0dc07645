import type { TSchema } from "./client";

/**
 * A minimal value that satisfies a (resolved) JSON Schema: required
 * properties only, the first enum value or union branch, the smallest
 * allowed length or number. Good enough to get past body validation so a
 * test reaches the check behind it (the object-level one).
 */
export function sampleFromSchema(schema: TSchema, depth = 0): unknown {
  if (depth > 8) return null;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const k of ["oneOf", "anyOf"]) {
    const branches = schema[k] as TSchema[] | undefined;
    if (branches?.length) return sampleFromSchema(branches[0], depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign(
      {},
      ...(schema.allOf as TSchema[]).map((s) => sampleFromSchema(s, depth + 1)),
    );
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, TSchema>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(
        required.map((k) => [k, sampleFromSchema(props[k] ?? {}, depth + 1)]),
      );
    }
    case "array": {
      const min = Number(schema.minItems ?? 0);
      return Array.from({ length: Math.max(min, 1) }, () =>
        sampleFromSchema((schema.items ?? {}) as TSchema, depth + 1),
      );
    }
    case "integer":
    case "number":
      return (
        Number(schema.minimum ?? schema.exclusiveMinimum ?? 0) +
        (schema.exclusiveMinimum !== undefined ? 1 : 0)
      );
    case "boolean":
      return false;
    case "null":
      return null;
    case "string": {
      if (schema.format === "email") return "fault@example.com";
      if (schema.format === "date-time") return new Date().toISOString();
      if (schema.format === "uri") return "https://example.com/";
      return "x".repeat(Math.max(Number(schema.minLength ?? 1), 1));
    }
    default:
      return {};
  }
}
