import { randomBytes } from "node:crypto";
import { calendly } from "./calendly";
import { github } from "./github";
import { genericHmac } from "./hmac";
import { hubspotV3 } from "./hubspot";
import { fail } from "./primitives";
import { shopify } from "./shopify";
import { slack } from "./slack";
import { standardWebhooks } from "./standard-webhooks";
import { stripe } from "./stripe";
import { token } from "./token";
import { twilio } from "./twilio";
import { typeform } from "./typeform";
import type { TPresetId, TPresetInfo, TVerifyInput, TVerifyResult } from "./types";

/**
 * The verification presets, one module each, behind one entry point. Pure:
 * node:crypto and zod only, no database, no Next. (An index file against the
 * house "no barrels" rule on purpose: it is the one interface the ingest
 * handler codes against, not a re-export list.)
 */

// Each preset's config type erased: the index parses with the preset's own
// schema before calling its verify, so the value always fits.
type TAnyPreset = TPresetInfo & { verify(input: TVerifyInput, config: never): TVerifyResult };

const VERIFIERS: Record<TPresetId, TAnyPreset> = {
  "standard-webhooks": standardWebhooks,
  stripe,
  github,
  shopify,
  "hubspot-v3": hubspotV3,
  typeform,
  calendly,
  slack,
  twilio,
  hmac: genericHmac,
  token,
};

export const PRESET_IDS = Object.keys(VERIFIERS) as TPresetId[];

function describe(p: TPresetInfo): TPresetInfo {
  const { label, issuesSecret, timestampToleranceSec, deliveryIdHeader, configSchema } = p;
  return { label, issuesSecret, timestampToleranceSec, deliveryIdHeader, configSchema };
}

/** What each preset is: its label, who issues the secret, its tolerance, delivery-id header and config schema. */
export const PRESETS = {} as Record<TPresetId, TPresetInfo>;
for (const id of PRESET_IDS) PRESETS[id] = describe(VERIFIERS[id]);

export function isPresetId(value: unknown): value is TPresetId {
  return typeof value === "string" && Object.hasOwn(VERIFIERS, value);
}

// A source's config object is reused for every delivery (source cache), so
// parse it once per object.
const parsed = new WeakMap<object, { preset: TPresetId; value: unknown }>();

function parseConfig(
  preset: TPresetId,
  raw: unknown,
): { ok: true; value: unknown } | { ok: false } {
  const key = raw !== null && typeof raw === "object" ? raw : null;
  const hit = key ? parsed.get(key) : undefined;
  if (hit && hit.preset === preset) return { ok: true, value: hit.value };
  const result = VERIFIERS[preset].configSchema.safeParse(raw ?? {});
  if (!result.success) return { ok: false };
  if (key) parsed.set(key, { preset, value: result.data });
  return { ok: true, value: result.data };
}

/**
 * Verifies one delivery with a source's preset: its headers, timestamp and
 * signature against each of the source's secrets. Fails closed on an unknown
 * preset, an invalid config or no secret. Never throws for a bad request.
 */
export function verifyDelivery(preset: TPresetId, input: TVerifyInput): TVerifyResult {
  if (!isPresetId(preset))
    return fail("bad-config", "This source's verification preset is unknown");
  const config = parseConfig(preset, input.config);
  if (!config.ok) return fail("bad-config", "This source's verification settings are invalid");
  return VERIFIERS[preset].verify(input, config.value as never);
}

/**
 * A fresh secret for presets Baton (or the user) chooses: `whsec_` + base64
 * of 32 random bytes for Standard Webhooks, 32 random bytes base64url for the
 * rest (a URL-safe token). Null where the provider issues the secret.
 */
export function generateSecret(preset: TPresetId): string | null {
  if (!isPresetId(preset) || PRESETS[preset].issuesSecret === "provider") return null;
  if (preset === "standard-webhooks") return `whsec_${randomBytes(32).toString("base64")}`;
  return randomBytes(32).toString("base64url");
}
