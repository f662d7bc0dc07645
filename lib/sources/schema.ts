import { z } from "zod";
import { contractProblems } from "@/lib/ingest/contract";
import { parseJsonWithinLimits } from "@/lib/server/json-limits";

/** A source key: lowercase, URL-safe, as it appears in `/api/v1/sources/{key}/events`. */
export const ZSourceKey = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    "Use 2–63 lowercase letters, digits or dashes, starting with a letter or digit",
  );

/** A dotted path into the payload: "email", "customer.email", "contacts.0.email". */
const ZPayloadPath = z
  .string()
  .trim()
  .max(200)
  .regex(/^[\w$-]+(\.[\w$-]+)*$/, 'Use a dotted path such as "customer.email"');

/**
 * A contract: a JSON Schema object (draft 2020-12, or draft-07 by `$schema`)
 * that compiles: an unknown keyword or format, an invalid or unsafe
 * `pattern`, an unresolvable `$ref` are refused here, on the contract field,
 * rather than failing every event later.
 */
export const ZContract = z
  .record(z.string(), z.unknown(), { error: "The contract must be a JSON Schema object" })
  .superRefine((schema, ctx) => {
    const problems = contractProblems(schema);
    if (problems.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `Invalid contract: ${problems.slice(0, 5).join("; ")}`,
      });
    }
  });

export const ZIdentityMapping = z.strictObject({
  email: ZPayloadPath.optional(),
  externalId: ZPayloadPath.optional(),
});

export const MIN_BODY_BYTES = 1024;
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export const ZCreateSource = z.object({
  key: ZSourceKey,
  name: z.string().trim().min(1, "Enter a name").max(120),
  description: z.string().trim().max(1000).optional(),
  contract: ZContract.optional(),
  identityMapping: ZIdentityMapping.optional(),
  maxBodyBytes: z
    .number()
    .int()
    .min(MIN_BODY_BYTES, "At least 1 KB (1024 bytes)")
    .max(MAX_BODY_BYTES, "At most 10 MB (10485760 bytes)")
    .optional(),
});
export type TCreateSource = z.infer<typeof ZCreateSource>;

export const ZRotateSourceSecret = z.object({
  /** How long the previous secret keeps working (0: at once; at most 7 days). */
  overlapMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
});
export type TRotateSourceSecret = z.infer<typeof ZRotateSourceSecret>;

/** A number typed in a form field: empty means "not given", anything else must be numeric. */
function blankToUndefinedNumber(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : Number(value);
  return value;
}

/**
 * The "Add source" form: every field arrives as text. The contract is JSON
 * Schema typed into a textarea (a parse error is reported on `contract`, next
 * to the field) and the size limit is in KB; the output is a `TCreateSource`,
 * so the form and the REST API end in the same validation.
 */
export const ZCreateSourceForm = z
  .object({
    key: ZSourceKey,
    name: ZCreateSource.shape.name,
    description: z
      .string()
      .trim()
      .max(1000)
      .optional()
      .transform((v) => v || undefined),
    contract: z
      .string()
      .max(100_000, "Keep the contract under 100,000 characters")
      .optional()
      .transform((text, ctx) => {
        if (!text?.trim()) return undefined;
        // The same depth and size limits as a REST body (a deep contract overflowed the stack).
        const parsed = parseJsonWithinLimits(text);
        if (parsed.ok) return parsed.value;
        ctx.addIssue({ code: "custom", message: parsed.message });
        return z.NEVER;
      })
      .pipe(ZContract.optional()),
    maxBodyKb: z.preprocess(
      blankToUndefinedNumber,
      z
        .number({ error: "Enter a number of KB" })
        .int("Use a whole number of KB")
        .min(MIN_BODY_BYTES / 1024, "At least 1 KB")
        .max(MAX_BODY_BYTES / 1024, "At most 10240 KB (10 MB)")
        .optional(),
    ),
  })
  .transform(({ maxBodyKb, ...rest }): TCreateSource => ({
    ...rest,
    maxBodyBytes: maxBodyKb === undefined ? undefined : maxBodyKb * 1024,
  }));

/** The "Rotate secret" control: which source, and the overlap typed in minutes. */
export const ZRotateSourceSecretForm = z.object({
  sourceKey: ZSourceKey,
  overlapMinutes: z.preprocess(
    blankToUndefinedNumber,
    z
      .number({ error: "Enter a number of minutes" })
      .int("Use whole minutes")
      .min(0, "Use 0 (cut off at once) or more")
      .max(7 * 24 * 60, "At most 7 days (10080 minutes)")
      .default(60),
  ),
});

/**
 * A field mapping value: a payload path ("companyName"), or a template of
 * paths ("{firstName} {lastName}") as the engine's `mapField` reads it.
 */
const TEMPLATE_PART = /\{\s*([^{}]*?)\s*\}/g;
const PATH = /^[\w$-]+(\.[\w$-]+)*$/;
export const ZMappingSpec = z
  .string()
  .trim()
  .max(200, "Keep it under 200 characters")
  .refine(
    (spec) => {
      if (!spec.includes("{") && !spec.includes("}")) return PATH.test(spec);
      const parts = [...spec.matchAll(TEMPLATE_PART)];
      const rest = spec.replace(TEMPLATE_PART, "");
      return parts.length > 0 && !/[{}]/.test(rest) && parts.every((m) => PATH.test(m[1]));
    },
    { message: 'Use a dotted path ("customer.email") or a template ("{firstName} {lastName}")' },
  );

/** The canonical record fields a source can fill: record field → payload path or template. */
export const RECORD_FIELDS = ["email", "name", "company", "phone"] as const;
export const ZFieldMapping = z.strictObject({
  email: ZMappingSpec.optional(),
  name: ZMappingSpec.optional(),
  company: ZMappingSpec.optional(),
  phone: ZMappingSpec.optional(),
});
export type TFieldMapping = z.infer<typeof ZFieldMapping>;

const ZMaxBodyBytes = z
  .number({ error: "Enter a number of bytes" })
  .int("Use a whole number of bytes")
  .min(MIN_BODY_BYTES, "At least 1024 bytes (1 KB)")
  .max(MAX_BODY_BYTES, "At most 10485760 bytes (10 MB)");

/**
 * PATCH /api/v1/sources/{key}: any subset of the editable fields; `null`
 * clears the contract, a mapping or the description. Secrets are changed only
 * by rotation, never here.
 */
export const ZUpdateSource = z
  .strictObject({
    name: z.string().trim().min(1, "Enter a name").max(120),
    description: z.string().trim().max(1000).nullable(),
    active: z.boolean(),
    contract: ZContract.nullable(),
    identityMapping: ZIdentityMapping.nullable(),
    fieldMapping: ZFieldMapping.nullable(),
    maxBodyBytes: ZMaxBodyBytes,
    /** Mail to `<key>@BATON_MAIL_DOMAIN` through Baton's SMTP listener becomes events. */
    acceptsEmail: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Send at least one field to change" });
export type TUpdateSource = z.infer<typeof ZUpdateSource>;

/** Contract text typed in a textarea: blank → null (no contract), else a JSON Schema object. */
const ZContractText = z
  .string()
  .max(100_000, "Keep the contract under 100,000 characters")
  .transform((text, ctx) => {
    if (!text.trim()) return null;
    const parsed = parseJsonWithinLimits(text);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  })
  .pipe(ZContract.nullable());

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const ZOptionalSpec = z.preprocess(blankToNull, ZMappingSpec.optional());
const ZOptionalPath = z.preprocess(blankToNull, ZIdentityMapping.shape.email);

/** Drops empty entries; an all-empty mapping is stored as null. */
function compact<T extends Record<string, string | undefined>>(m: T): T | null {
  const entries = Object.entries(m).filter(([, v]) => v !== undefined && v !== "");
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : null;
}

/**
 * The source page's forms: every field arrives as text and each section
 * sends only its own fields (so one save never overwrites another section).
 * Field names are the inputs' names, so errors land next to the right input.
 */
export const ZUpdateSourceForm = z
  .object({
    sourceKey: ZSourceKey,
    name: ZCreateSource.shape.name.optional(),
    description: z.string().trim().max(1000).optional(),
    active: z
      .string()
      .regex(/^(true|false)$/, 'Use "true" or "false"')
      .optional(),
    maxBodyBytes: z.preprocess(blankToUndefinedNumber, ZMaxBodyBytes.optional()),
    contract: ZContractText.optional(),
    identityEmail: ZOptionalPath,
    identityExternalId: ZOptionalPath,
    mapEmail: ZOptionalSpec,
    mapName: ZOptionalSpec,
    mapCompany: ZOptionalSpec,
    mapPhone: ZOptionalSpec,
    /** Which mapping sections the form carries ("identity", "fields"), comma-separated. */
    sections: z.string().max(50).optional(),
  })
  .transform((f) => {
    const sections = new Set((f.sections ?? "").split(","));
    const out: TUpdateSource = {};
    if (f.name !== undefined) out.name = f.name;
    if (f.description !== undefined) out.description = f.description || null;
    if (f.active !== undefined) out.active = f.active === "true";
    if (f.maxBodyBytes !== undefined) out.maxBodyBytes = f.maxBodyBytes;
    if (f.contract !== undefined) out.contract = f.contract;
    if (sections.has("identity"))
      out.identityMapping = compact({ email: f.identityEmail, externalId: f.identityExternalId });
    if (sections.has("fields"))
      out.fieldMapping = compact({
        email: f.mapEmail,
        name: f.mapName,
        company: f.mapCompany,
        phone: f.mapPhone,
      });
    return { sourceKey: f.sourceKey, changes: out };
  });

export const CONTRACT_CHECK_DEFAULT = 200;
export const CONTRACT_CHECK_MAX = 2000;

/** POST /api/v1/sources/{key}/contract-check: a candidate contract, tried on the last `limit` events. */
export const ZContractCheck = z.strictObject({
  contract: ZContract.nullable(),
  limit: z
    .number()
    .int()
    .min(1, "At least 1 event")
    .max(CONTRACT_CHECK_MAX, `At most ${CONTRACT_CHECK_MAX} events`)
    .default(CONTRACT_CHECK_DEFAULT),
});
export type TContractCheck = z.infer<typeof ZContractCheck>;

/** The editor's "Check against recent events": the textarea's text and N as typed. */
export const ZContractCheckForm = z.object({
  sourceKey: ZSourceKey,
  contract: ZContractText,
  limit: z.preprocess(
    blankToUndefinedNumber,
    z
      .number({ error: "Enter a number of events" })
      .int("Use a whole number")
      .min(1, "At least 1 event")
      .max(CONTRACT_CHECK_MAX, `At most ${CONTRACT_CHECK_MAX} events`)
      .default(CONTRACT_CHECK_DEFAULT),
  ),
});
