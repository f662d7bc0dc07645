import { z } from "zod";
import {
  anySecret,
  checkTimestamp,
  fail,
  hmac,
  ok,
  requireHeaders,
  requireSecrets,
  signatureMatches,
} from "./primitives";
import type { TPreset } from "./types";

/**
 * Generic HMAC for senders with their own scheme: which header carries the
 * signature, the algorithm and encoding, an optional prefix (`sha256=`), and
 * what is signed: the body, or a template such as `{timestamp}.{body}` with
 * `{timestamp}` read from a header and, optionally, checked against a
 * tolerance. `{id}` stands for the delivery-id header's value.
 */

const ZHeaderName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "Enter an HTTP header name");

export const ZHmacConfig = z
  .object({
    header: ZHeaderName,
    algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha256"),
    encoding: z.enum(["hex", "base64"]).default("hex"),
    /** Text before the signature in the header, e.g. `sha256=`. */
    prefix: z.string().max(50).default(""),
    /** `{body}`, `{timestamp}` and `{id}` are replaced; everything else is literal. */
    signedContent: z.string().min(1).max(500).default("{body}"),
    timestampHeader: ZHeaderName.optional(),
    timestampUnit: z.enum(["s", "ms"]).default("s"),
    toleranceSec: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .optional(),
    deliveryIdHeader: ZHeaderName.optional(),
  })
  .superRefine((c, ctx) => {
    if (!c.signedContent.includes("{body}")) {
      ctx.addIssue({
        code: "custom",
        path: ["signedContent"],
        message: "The signed content must include {body}",
      });
    }
    if (c.signedContent.includes("{timestamp}") && !c.timestampHeader) {
      ctx.addIssue({
        code: "custom",
        path: ["timestampHeader"],
        message: "{timestamp} needs a timestamp header",
      });
    }
    if (c.toleranceSec !== undefined && !c.timestampHeader) {
      ctx.addIssue({
        code: "custom",
        path: ["timestampHeader"],
        message: "A tolerance needs a timestamp header",
      });
    }
    if (c.signedContent.includes("{id}") && !c.deliveryIdHeader) {
      ctx.addIssue({
        code: "custom",
        path: ["deliveryIdHeader"],
        message: "{id} needs a delivery-id header",
      });
    }
  });
export type THmacConfig = z.infer<typeof ZHmacConfig>;

export const genericHmac: TPreset<THmacConfig> = {
  label: "Generic HMAC",
  issuesSecret: "user",
  // Both depend on the source's config (its toleranceSec and deliveryIdHeader).
  timestampToleranceSec: null,
  deliveryIdHeader: null,
  configSchema: ZHmacConfig,
  verify(input, config) {
    const required = [config.header];
    if (config.timestampHeader) required.push(config.timestampHeader);
    if (config.signedContent.includes("{id}") && config.deliveryIdHeader)
      required.push(config.deliveryIdHeader);
    const missing = requireHeaders(input.headers, required);
    if (missing) return missing;
    const noSecret = requireSecrets(input);
    if (noSecret) return noSecret;

    const timestamp = config.timestampHeader
      ? (input.headers.get(config.timestampHeader) ?? "").trim()
      : "";
    if (config.timestampHeader && config.toleranceSec !== undefined) {
      const stale = checkTimestamp(
        config.timestampHeader,
        timestamp,
        input.now,
        config.toleranceSec,
        config.timestampUnit,
      );
      if (stale) return stale;
    }
    const id = config.deliveryIdHeader
      ? (input.headers.get(config.deliveryIdHeader) ?? "").trim()
      : "";

    const value = (input.headers.get(config.header) ?? "").trim();
    if (!value.startsWith(config.prefix)) {
      return fail("bad-signature", `${config.header} must start with ${config.prefix}`);
    }
    const sig = value.slice(config.prefix.length);
    // One pass, so a body that contains "{timestamp}" stays literal.
    const content = config.signedContent.replace(/\{(body|timestamp|id)\}/g, (_, k: string) =>
      k === "body" ? input.body : k === "timestamp" ? timestamp : id,
    );
    const matched = anySecret(input.secrets, (secret) =>
      signatureMatches(sig, hmac(config.algorithm, secret, content), config.encoding),
    );
    if (!matched) {
      return fail(
        "bad-signature",
        `${config.header} does not match the signed content with this source's secret`,
      );
    }
    return ok(id || null);
  },
};
