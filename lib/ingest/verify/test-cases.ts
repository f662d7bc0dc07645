import {
  signCalendly,
  signGitHub,
  signHmac,
  signHubSpotV3,
  signShopify,
  signSlack,
  signStandardWebhooks,
  signStripe,
  signTwilioForm,
  signTwilioJson,
  signTypeform,
  withToken,
  type TSignedRequest,
} from "./test-signers";
import type { TPresetId, TVerifyInput } from "./types";

/**
 * One case per preset for the matrix in presets.test.ts and the
 * no-secret-in-messages test: how to sign, which header to drop, which
 * delivery id to expect and how the body can be tampered with.
 */

export type TCase = {
  name: string;
  preset: TPresetId;
  config?: unknown;
  secret: string;
  previous: string;
  sign(secret: string, at: Date, body?: string): TSignedRequest;
  /** Header (or query parameter for token) a valid request must carry. */
  required: string;
  deliveryId: string | null;
  /** Seconds of tolerance, null when nothing signed carries a time. */
  tolerance: number | null;
  /** False where the scheme does not cover the body (a bare token). */
  coversBody: boolean;
};

export const BODY = JSON.stringify({
  type: "lead.created",
  data: { email: "ada@example.com", n: 1 },
});

export const HMAC_CONFIG = {
  header: "X-Acme-Signature",
  algorithm: "sha512",
  encoding: "base64",
  prefix: "sha512=",
  signedContent: "{timestamp}.{body}",
  timestampHeader: "X-Acme-Timestamp",
  toleranceSec: 600,
  deliveryIdHeader: "X-Acme-Delivery",
} as const;

const b = (body?: string) => body ?? BODY;

export const CASES: TCase[] = [
  {
    name: "standard-webhooks",
    preset: "standard-webhooks",
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    previous: "whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==",
    sign: (secret, at, body) =>
      signStandardWebhooks({
        secret,
        body: b(body),
        now: at,
        id: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
      }),
    required: "webhook-signature",
    deliveryId: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
    tolerance: 300,
    coversBody: true,
  },
  {
    name: "standard-webhooks (svix-* names)",
    preset: "standard-webhooks",
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    previous: "whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==",
    sign: (secret, at, body) =>
      signStandardWebhooks({ secret, body: b(body), now: at, id: "msg_svix1", family: "svix" }),
    required: "svix-timestamp",
    deliveryId: "msg_svix1",
    tolerance: 300,
    coversBody: true,
  },
  {
    name: "stripe",
    preset: "stripe",
    secret: "whsec_test_5f2c1a7e9b",
    previous: "whsec_test_old_0d3e",
    sign: (secret, at, body) => signStripe({ secret, body: b(body), now: at }),
    required: "Stripe-Signature",
    deliveryId: null,
    tolerance: 300,
    coversBody: true,
  },
  {
    name: "github",
    preset: "github",
    secret: "It's a Secret to Everybody",
    previous: "the old secret",
    sign: (secret, _at, body) =>
      signGitHub({ secret, body: b(body), deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958" }),
    required: "X-Hub-Signature-256",
    deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    tolerance: null,
    coversBody: true,
  },
  {
    name: "shopify",
    preset: "shopify",
    secret: "shpss_0123456789abcdef",
    previous: "shpss_old",
    sign: (secret, _at, body) => signShopify({ secret, body: b(body), webhookId: "wh-42" }),
    required: "X-Shopify-Hmac-Sha256",
    deliveryId: "wh-42",
    tolerance: null,
    coversBody: true,
  },
  {
    name: "hubspot-v3",
    preset: "hubspot-v3",
    secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy",
    previous: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    sign: (secret, at, body) =>
      signHubSpotV3({
        secret,
        body: b(body),
        now: at,
        url: "https://baton.example/api/v1/ingest/hs?portal=62515&from=a%40b.com",
      }),
    required: "X-HubSpot-Request-Timestamp",
    deliveryId: null,
    tolerance: 300,
    coversBody: true,
  },
  {
    name: "typeform",
    preset: "typeform",
    secret: "typeform-secret-abc",
    previous: "typeform-secret-old",
    sign: (secret, _at, body) => signTypeform({ secret, body: b(body) }),
    required: "Typeform-Signature",
    deliveryId: null,
    tolerance: null,
    coversBody: true,
  },
  {
    name: "calendly",
    preset: "calendly",
    secret: "calendly-signing-key",
    previous: "calendly-old-key",
    sign: (secret, at, body) => signCalendly({ secret, body: b(body), now: at }),
    required: "Calendly-Webhook-Signature",
    deliveryId: null,
    tolerance: 180,
    coversBody: true,
  },
  {
    name: "slack",
    preset: "slack",
    secret: "8f742231b10e8888abcd99yyyzzz85a5",
    previous: "8f742231b10e8888abcd99yyyzzz0000",
    sign: (secret, at, body) => signSlack({ secret, body: b(body), now: at }),
    required: "X-Slack-Request-Timestamp",
    deliveryId: null,
    tolerance: 300,
    coversBody: true,
  },
  {
    name: "twilio (form-encoded)",
    preset: "twilio",
    secret: "twilio-auth-token-1",
    previous: "twilio-auth-token-0",
    sign: (secret, _at, body) =>
      signTwilioForm({
        secret,
        url: "https://baton.example/api/v1/ingest/sms?src=1",
        params: [
          ["From", "+12349013030"],
          ["Body", body ?? "Hello from a lead"],
          ["To", "+18005551212"],
          ["MessageSid", "SM123"],
        ],
        idempotencyToken: "tw-idem-1",
      }),
    required: "X-Twilio-Signature",
    deliveryId: "tw-idem-1",
    tolerance: null,
    coversBody: true,
  },
  {
    name: "twilio (JSON, bodySHA256)",
    preset: "twilio",
    secret: "twilio-auth-token-1",
    previous: "twilio-auth-token-0",
    sign: (secret, _at, body) =>
      signTwilioJson({ secret, body: b(body), idempotencyToken: "tw-idem-2" }),
    required: "X-Twilio-Signature",
    deliveryId: "tw-idem-2",
    tolerance: null,
    coversBody: true,
  },
  {
    name: "hmac (sha512, base64, prefix, {timestamp}.{body})",
    preset: "hmac",
    config: HMAC_CONFIG,
    secret: "generic-secret",
    previous: "generic-secret-old",
    sign: (secret, at, body) =>
      signHmac({ secret, body: b(body), now: at, config: HMAC_CONFIG, id: "dlv_77" }),
    required: "X-Acme-Signature",
    deliveryId: "dlv_77",
    tolerance: 600,
    coversBody: true,
  },
  {
    name: "hmac (defaults: sha256 hex over the body)",
    preset: "hmac",
    config: { header: "X-Signature" },
    secret: "generic-secret",
    previous: "generic-secret-old",
    sign: (secret, _at, body) =>
      signHmac({ secret, body: b(body), config: { header: "X-Signature" } }),
    required: "X-Signature",
    deliveryId: null,
    tolerance: null,
    coversBody: true,
  },
  {
    name: "token (query)",
    preset: "token",
    config: { in: "query", name: "token" },
    secret: "tok_V3ry-l0ng-r4nd0m-t0ken-for-zapier",
    previous: "tok_previous-token-still-in-overlap",
    sign: (secret, _at, body) => withToken({ token: secret, body: b(body) }),
    required: "token",
    deliveryId: null,
    tolerance: null,
    coversBody: false,
  },
  {
    name: "token (header)",
    preset: "token",
    config: { in: "header", name: "X-Baton-Token" },
    secret: "tok_V3ry-l0ng-r4nd0m-t0ken-for-make",
    previous: "tok_previous-token-still-in-overlap",
    sign: (secret, _at, body) =>
      withToken({ token: secret, body: b(body), in: "header", name: "X-Baton-Token" }),
    required: "X-Baton-Token",
    deliveryId: null,
    tolerance: null,
    coversBody: false,
  },
];

/** The verifier's input for a signed request. */
export function inputFor(
  r: TSignedRequest,
  o: { secrets: string[]; now: Date; config?: unknown },
): TVerifyInput {
  return {
    method: r.method,
    url: r.url,
    headers: new Headers(r.headers),
    body: r.body,
    secrets: o.secrets,
    config: o.config ?? null,
    now: o.now,
  };
}

/** The same request without one header, or without the query parameter for a URL token. */
export function without(r: TSignedRequest, name: string): TSignedRequest {
  const headers = Object.fromEntries(
    Object.entries(r.headers).filter(([k]) => k.toLowerCase() !== name.toLowerCase()),
  );
  const url = new URL(r.url);
  url.searchParams.delete(name);
  return { ...r, headers, url: url.toString() };
}
