import { z } from "zod";

/**
 * A source's website-form settings (Source.formConfig). Zod only, shared by
 * the settings action, the public endpoint and the tests.
 */

/** Fields the endpoint reads itself and never stores in the payload. */
export const FILL_TIME_FIELD = "_baton_t";
export const SUBMISSION_ID_FIELD = "_baton_id";
export const DEFAULT_HONEYPOT = "website_url";

const ZFieldName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.[\]-]+$/, "Use letters, digits, _ . - [ ] (the input's name attribute)");

/** "https://shop.example.com" exactly: scheme, host and port, no path. */
export function normaliseOrigin(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  return url.origin;
}

const ZOrigin = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const origin = normaliseOrigin(v);
    if (!origin) {
      ctx.addIssue({ code: "custom", message: `"${v.slice(0, 80)}" is not an http(s) origin` });
      return z.NEVER;
    }
    return origin;
  });

export const ZFormConfig = z
  .object({
    enabled: z.boolean().default(false),
    /** Pages on these origins may post; checked against Origin, else Referer. */
    allowedOrigins: z.array(ZOrigin).max(20).default([]),
    /** A field people never see (hidden by CSS): filled in, the post is held as spam. */
    honeypotField: ZFieldName.default(DEFAULT_HONEYPOT),
    /** Posted sooner than this after `_baton_t` (when the page sends one): held as spam. 0: off. */
    minFillSeconds: z.number().int().min(0).max(3600).default(3),
    requiredFields: z.array(ZFieldName).max(50).default([]),
    /** Where the browser goes after a post (303); null: Baton's own thank-you page. */
    thankYouUrl: z
      .url({ protocol: /^https?$/, error: "Use an http(s) address" })
      .max(2000)
      .nullable()
      .default(null),
    perIpPerMinute: z.number().int().min(1).max(10_000).default(10),
    perSourcePerMinute: z.number().int().min(1).max(100_000).default(300),
  })
  .superRefine((c, ctx) => {
    // Fail closed: an enabled form names the sites that may post to it.
    if (c.enabled && c.allowedOrigins.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["allowedOrigins"],
        message: "List at least one site (origin) the form is on before turning it on",
      });
    }
    if (c.requiredFields.includes(c.honeypotField)) {
      ctx.addIssue({
        code: "custom",
        path: ["requiredFields"],
        message: "The honeypot field cannot be required (people never fill it in)",
      });
    }
  });

export type TFormConfig = z.output<typeof ZFormConfig>;

/** The settings stored on a source, or the defaults (disabled) when none or unreadable. */
export function parseFormConfig(stored: unknown): TFormConfig {
  const parsed = ZFormConfig.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  // A stored value that no longer parses (hand-edited) turns the form off: fail closed.
  return { ...ZFormConfig.parse({}), enabled: false };
}

/**
 * The settings form's fields as the browser sends them (text; lists one per
 * line or comma-separated), turned into a config.
 */
const lines = (v: string) =>
  v
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

export const ZFormSettingsForm = z
  .object({
    sourceKey: z.string().trim().min(1),
    enabled: z.enum(["true", "false"]).transform((v) => v === "true"),
    allowedOrigins: z.string().max(5000).default(""),
    honeypotField: z.string().default(DEFAULT_HONEYPOT),
    minFillSeconds: z.coerce.number({ error: "Enter a number of seconds" }).int().min(0).max(3600),
    requiredFields: z.string().max(5000).default(""),
    thankYouUrl: z.string().trim().max(2000).default(""),
    perIpPerMinute: z.coerce.number().int().min(1).max(10_000).default(10),
    perSourcePerMinute: z.coerce.number().int().min(1).max(100_000).default(300),
  })
  .transform((f) => ({
    sourceKey: f.sourceKey,
    config: {
      enabled: f.enabled,
      allowedOrigins: lines(f.allowedOrigins),
      honeypotField: f.honeypotField.trim() || DEFAULT_HONEYPOT,
      minFillSeconds: f.minFillSeconds,
      requiredFields: lines(f.requiredFields),
      thankYouUrl: f.thankYouUrl === "" ? null : f.thankYouUrl,
      perIpPerMinute: f.perIpPerMinute,
      perSourcePerMinute: f.perSourcePerMinute,
    },
  }));

/** What the settings form sends. */
export type TFormSettingsInput = z.input<typeof ZFormSettingsForm>;
