import { z } from "zod";
import { contractProblems } from "@/lib/ingest/contract";
import { isMappingPath } from "@/lib/ingest/mapping-path";
import { PRESETS, PRESET_IDS } from "@/lib/ingest/verify";
import { standardWebhooksKey } from "@/lib/server/standard-webhooks";
import type { TPresetId } from "@/lib/ingest/verify/types";
import { parseJsonWithinLimits } from "@/lib/server/json-limits";

/** The sources list's sortable columns and each one's first direction (by name unless sorted). */
export const SOURCE_SORTS = {
  name: "asc",
  accepted: "desc",
  rejected: "desc",
} as const satisfies Record<string, "asc" | "desc">;
export type TSourceSort = keyof typeof SOURCE_SORTS;

/** A source key: lowercase, URL-safe, as it appears in `/api/v1/sources/{key}/events`. */
export const ZSourceKey = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    "Use 2–63 lowercase letters, digits or dashes, starting with a letter or digit",
  );

/**
 * A mapping path into the payload: "email", "customer.email", "contacts.0.email",
 * or with a keyed element "form_response.answers[field.ref=email].email" (lib/ingest/mapping-path.ts).
 */
const ZPayloadPath = z
  .string()
  .trim()
  .max(200)
  .refine(
    isMappingPath,
    'Use a dotted path such as "customer.email" or "answers[field.ref=email].email"',
  );

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

/** A verification preset id (lib/ingest/verify): how deliveries to the source are checked. */
export const ZVerification = z.enum(PRESET_IDS as [TPresetId, ...TPresetId[]], {
  error: `Use one of ${PRESET_IDS.join(", ")}`,
});

/** A preset's options (lib/ingest/verify/<preset>.ts configSchema); never a secret. */
export const ZVerificationConfig = z.record(z.string(), z.unknown(), {
  error: "verificationConfig must be an object",
});

/** A pasted signing secret or token; stored sealed, never shown again. */
export const ZSigningSecret = z
  .string()
  .trim()
  .min(8, "The secret is at least 8 characters")
  .max(1000, "The secret is at most 1000 characters");

/** The shortest URL token accepted when pasted (a generated one is 43 characters). */
export const MIN_TOKEN_LENGTH = 24;

type TIssue = { path: string[]; message: string };

/**
 * What is wrong with a preset, its options and a secret together: options
 * that do not fit the preset's schema, a provider-issued secret left out
 * (`secretRequired`), a Standard Webhooks secret that is not `whsec_` base64,
 * a URL token too short to be unguessable. Empty when all fits.
 */
export function verificationProblems(
  v: { verification: TPresetId; verificationConfig?: unknown; secret?: string },
  secretRequired: boolean,
): TIssue[] {
  const issues: TIssue[] = [];
  const preset = PRESETS[v.verification];
  const parsed = preset.configSchema.safeParse(v.verificationConfig ?? {});
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      issues.push({ path: ["verificationConfig", ...i.path.map(String)], message: i.message });
    }
  }
  if (v.secret === undefined) {
    if (secretRequired && preset.issuesSecret === "provider") {
      issues.push({ path: ["secret"], message: `Paste the signing secret ${preset.label} shows` });
    }
  } else if (v.verification === "standard-webhooks" && !standardWebhooksKey(v.secret)) {
    issues.push({
      path: ["secret"],
      message: "A Standard Webhooks secret is whsec_ followed by base64",
    });
  } else if (v.verification === "token" && v.secret.length < MIN_TOKEN_LENGTH) {
    issues.push({
      path: ["secret"],
      message: `A URL token is at least ${MIN_TOKEN_LENGTH} random characters (leave it empty and Baton makes one)`,
    });
  }
  return issues;
}

export const MIN_BODY_BYTES = 1024;
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A size limit as the forms take it, in whole KB (the API's field is maxBodyBytes). */
const ZMaxBodyKb = z.preprocess(
  blankToUndefinedNumber,
  z
    .number({ error: "Enter a number of KB" })
    .int("Use a whole number of KB")
    .min(MIN_BODY_BYTES / 1024, "At least 1 KB")
    .max(MAX_BODY_BYTES / 1024, "At most 10240 KB (10 MB)")
    .optional(),
);

export const ZCreateSource = z
  .object({
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
    /** How deliveries are verified (default "standard-webhooks"). */
    verification: ZVerification.optional(),
    verificationConfig: ZVerificationConfig.optional(),
    /**
     * The secret the provider shows (Stripe, HubSpot, Shopify, Slack, Twilio:
     * required) or one typed on both sides; left out, Baton generates one
     * (Standard Webhooks `whsec_…`, URL token, GitHub/Typeform/Calendly/HMAC)
     * and answers it once.
     */
    secret: ZSigningSecret.optional(),
  })
  .superRefine((v, ctx) => {
    const issues = verificationProblems(
      { ...v, verification: v.verification ?? "standard-webhooks" },
      true,
    );
    for (const i of issues) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
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
  /** The provider's new secret, pasted; left out, Baton generates one (not for provider-issued presets). */
  secret: ZSigningSecret.optional(),
});
export type TRotateSourceSecret = z.infer<typeof ZRotateSourceSecret>;

/** A number typed in a form field: empty means "not given", anything else must be numeric. */
function blankToUndefinedNumber(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : Number(value);
  return value;
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * The verification fields of the source forms, as text: the preset, a
 * pasted secret, the public URL (HubSpot v3, Twilio) and any other options
 * as JSON (generic HMAC, token placement).
 */
const ZVerificationFormFields = {
  verification: z.preprocess(blankToUndefined, ZVerification.optional()),
  secret: z.preprocess(blankToUndefined, ZSigningSecret.optional()),
  publicUrl: z.preprocess(blankToUndefined, z.string().max(2000).optional()),
  verificationConfig: z
    .string()
    .max(10_000, "Keep the options under 10,000 characters")
    .optional()
    .transform((text, ctx) => {
      if (!text?.trim()) return undefined;
      const parsed = parseJsonWithinLimits(text);
      if (
        parsed.ok &&
        typeof parsed.value === "object" &&
        parsed.value &&
        !Array.isArray(parsed.value)
      )
        return parsed.value as Record<string, unknown>;
      ctx.addIssue({ code: "custom", message: parsed.ok ? "Enter a JSON object" : parsed.message });
      return z.NEVER;
    }),
};

function verificationFromForm(f: {
  verification?: TPresetId;
  secret?: string;
  publicUrl?: string;
  verificationConfig?: Record<string, unknown>;
}) {
  const config =
    f.publicUrl !== undefined
      ? { ...f.verificationConfig, publicUrl: f.publicUrl }
      : f.verificationConfig;
  return {
    ...(f.verification ? { verification: f.verification } : {}),
    ...(config ? { verificationConfig: config } : {}),
    ...(f.secret !== undefined ? { secret: f.secret } : {}),
  };
}

/** A config issue lands on the form's publicUrl input or its options textarea. */
function formPath(path: string[]): string[] {
  if (path[0] !== "verificationConfig") return path;
  return path[1] === "publicUrl" ? ["publicUrl"] : ["verificationConfig"];
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
    maxBodyKb: ZMaxBodyKb,
    ...ZVerificationFormFields,
  })
  .transform(({ maxBodyKb, verification, secret, publicUrl, verificationConfig, ...rest }, ctx) => {
    const out: TCreateSource = {
      ...rest,
      maxBodyBytes: maxBodyKb === undefined ? undefined : maxBodyKb * 1024,
      ...verificationFromForm({ verification, secret, publicUrl, verificationConfig }),
    };
    const issues = verificationProblems(
      { ...out, verification: out.verification ?? "standard-webhooks" },
      true,
    );
    for (const i of issues)
      ctx.addIssue({ code: "custom", path: formPath(i.path), message: i.message });
    return out;
  });

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
  /** The provider's new secret, pasted (required for provider-issued presets); blank: Baton makes one. */
  secret: z.preprocess(blankToUndefined, ZSigningSecret.optional()),
});

/**
 * A field mapping value: a payload path ("companyName"), or a template of
 * paths ("{firstName} {lastName}") as the engine's `mapField` reads it.
 */
const TEMPLATE_PART = /\{\s*([^{}]*?)\s*\}/g;
const PATH = { test: isMappingPath };
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
 * clears the contract, a mapping, the description or the verification
 * options. A pasted `secret` replaces the current one with an hour's
 * overlap; generated secrets come only from rotation.
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
    /** Another verification preset; a provider-issued one needs `secret` too. */
    verification: ZVerification,
    /** The preset's options (checked against the preset it will have); null: none. */
    verificationConfig: ZVerificationConfig.nullable(),
    /**
     * A new secret pasted from the provider (or typed): becomes the current
     * secret, the old one keeps working for an hour (use rotate-secret to
     * choose the overlap). Never answered back.
     */
    secret: ZSigningSecret,
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
    /** The settings form's size limit, in KB like the add form's (wins over maxBodyBytes). */
    maxBodyKb: ZMaxBodyKb,
    contract: ZContractText.optional(),
    identityEmail: ZOptionalPath,
    identityExternalId: ZOptionalPath,
    mapEmail: ZOptionalSpec,
    mapName: ZOptionalSpec,
    mapCompany: ZOptionalSpec,
    mapPhone: ZOptionalSpec,
    /** Which mapping sections the form carries ("identity", "fields"), comma-separated. */
    sections: z.string().max(50).optional(),
    ...ZVerificationFormFields,
  })
  .transform((f) => {
    const sections = new Set((f.sections ?? "").split(","));
    const out: TUpdateSource = {};
    if (f.name !== undefined) out.name = f.name;
    if (f.description !== undefined) out.description = f.description || null;
    if (f.active !== undefined) out.active = f.active === "true";
    if (f.maxBodyBytes !== undefined) out.maxBodyBytes = f.maxBodyBytes;
    if (f.maxBodyKb !== undefined) out.maxBodyBytes = f.maxBodyKb * 1024;
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
    Object.assign(out, verificationFromForm(f));
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
