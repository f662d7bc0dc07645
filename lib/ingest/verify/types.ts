import type { z } from "zod";

/** The verification schemes a source can be set to (Source.verification). */
export type TPresetId =
  | "standard-webhooks"
  | "stripe"
  | "github"
  | "shopify"
  | "hubspot-v3"
  | "typeform"
  | "calendly"
  | "slack"
  | "twilio"
  | "hmac"
  | "token";

export type TVerifyInput = {
  method: string;
  /** Full public URL as the sender called it, including the query string. */
  url: string;
  headers: Headers;
  /** The raw body text, exactly as received (decoded as UTF-8). */
  body: string;
  /** Current secret first, then a previous one still in its rotation overlap. */
  secrets: string[];
  /** Source.verificationConfig (null for presets that take none). */
  config: unknown;
  now: Date;
};

export type TVerifyCheck = "missing-header" | "stale-timestamp" | "bad-signature" | "bad-config";

export type TVerifyResult =
  | {
      ok: true;
      /** The provider's delivery id, null when it sends none. */
      deliveryId: string | null;
    }
  | {
      ok: false;
      check: TVerifyCheck;
      /** Says which check failed; never a secret or an expected signature. */
      message: string;
    };

/** Who issues a preset's secret: Baton generates it, the provider shows it, or the user types one. */
export type TSecretIssuer = "baton" | "provider" | "user";

export type TPresetInfo = {
  label: string;
  issuesSecret: TSecretIssuer;
  /** Seconds a signed timestamp may be away from our clock; null when the preset signs none. */
  timestampToleranceSec: number | null;
  /** Header carrying the provider's delivery id, null when it sends none. */
  deliveryIdHeader: string | null;
  /** Zod schema of its Source.verificationConfig. */
  configSchema: z.ZodType;
};

/** One preset: its description plus the verifier, given a config already parsed by configSchema. */
export type TPreset<C = unknown> = TPresetInfo & {
  configSchema: z.ZodType<C>;
  verify(input: TVerifyInput, config: C): TVerifyResult;
};
