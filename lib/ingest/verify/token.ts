import { z } from "zod";
import { anySecret, fail, ok, requireSecrets, safeEqual, sha256 } from "./primitives";
import type { TPreset } from "./types";

/**
 * A secret token for senders that cannot sign (Jotform, Zapier or Make HTTP
 * steps, a Google Forms script): presented in the URL's query string or in a
 * header, or as the URL's last path segment. Both sides are hashed before the constant-time comparison, so the
 * comparison takes the same time whatever the presented token's length. An
 * `Authorization` header may carry it as `Bearer <token>`.
 */

export const ZTokenConfig = z.object({
  /** Where the sender puts it: `?name=…`, a header, or the path (`…/events/{token}`). */
  in: z.enum(["query", "header", "path"]).default("query"),
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "Letters, digits and - _ . only")
    .default("token"),
});
export type TTokenConfig = z.infer<typeof ZTokenConfig>;

function presented(input: { url: string; headers: Headers }, config: TTokenConfig): string | null {
  if (config.in === "header") {
    const value = input.headers.get(config.name)?.trim();
    if (!value) return null;
    const bearer = /^Bearer\s+(.+)$/i.exec(value);
    return config.name.toLowerCase() === "authorization" && bearer ? bearer[1].trim() : value;
  }
  try {
    const url = new URL(input.url);
    if (config.in === "path") {
      const m = /\/events\/([^/]+)$/.exec(url.pathname);
      return m ? decodeURIComponent(m[1]) : null;
    }
    return url.searchParams.get(config.name) || null;
  } catch {
    return null;
  }
}

export const token: TPreset<TTokenConfig> = {
  label: "Secret token (URL or header)",
  issuesSecret: "baton",
  timestampToleranceSec: null,
  deliveryIdHeader: null,
  configSchema: ZTokenConfig,
  verify(input, config) {
    const value = presented(input, config);
    if (value === null) {
      return fail(
        "missing-header",
        config.in === "query"
          ? `Missing query parameter: ${config.name}`
          : config.in === "path"
            ? "Missing token: post to /api/v1/sources/{key}/events/{token}"
            : `Missing header: ${config.name}`,
      );
    }
    const noSecret = requireSecrets(input);
    if (noSecret) return noSecret;
    const given = sha256(value);
    if (!anySecret(input.secrets, (secret) => safeEqual(given, sha256(secret)))) {
      return fail("bad-signature", `The ${config.name} token does not match this source's token`);
    }
    return ok(null);
  },
};
