import { createHash, createHmac } from "node:crypto";

/**
 * Test senders, one per preset, written from each provider's documentation
 * and NOT from the verifiers in this folder (they import node:crypto only),
 * so a verifier that misreads a scheme fails its tests instead of agreeing
 * with itself. Shared by the unit tests here, the ingest DB tests and the
 * e2e specs: each returns the request a real sender would make.
 */

export type TSignedRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
};

export const TEST_URL = "https://baton.example/api/v1/ingest/test-source";

type TBase = { secret: string; body: string; url?: string; method?: string; now?: Date };

const seconds = (now: Date | undefined) => Math.floor((now ?? new Date()).getTime() / 1000);
const req = (o: TBase, headers: Record<string, string>): TSignedRequest => ({
  method: o.method ?? "POST",
  url: o.url ?? TEST_URL,
  headers: { "content-type": "application/json", ...headers },
  body: o.body,
});

/** standardwebhooks.com: v1,base64(HMAC-SHA256(base64decode(secret sans whsec_), "id.ts.body")). */
export function signStandardWebhooks(
  o: TBase & {
    id?: string;
    timestamp?: number;
    family?: "webhook" | "svix";
    extraSecrets?: string[];
  },
): TSignedRequest {
  const id = o.id ?? `msg_${createHash("sha1").update(o.body).digest("hex").slice(0, 20)}`;
  const ts = String(o.timestamp ?? seconds(o.now));
  const sigs = [o.secret, ...(o.extraSecrets ?? [])].map((secret) => {
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    return `v1,${createHmac("sha256", key).update(`${id}.${ts}.${o.body}`).digest("base64")}`;
  });
  const f = o.family ?? "webhook";
  return req(o, { [`${f}-id`]: id, [`${f}-timestamp`]: ts, [`${f}-signature`]: sigs.join(" ") });
}

/** Stripe "verify manually": t=<ts>,v1=hex(HMAC-SHA256(secret, "t.body")), one v1 per active secret. */
export function signStripe(
  o: TBase & { timestamp?: number; extraSecrets?: string[] },
): TSignedRequest {
  const t = String(o.timestamp ?? seconds(o.now));
  const v1 = [o.secret, ...(o.extraSecrets ?? [])].map(
    (s) => `v1=${createHmac("sha256", s).update(`${t}.${o.body}`).digest("hex")}`,
  );
  return req(o, { "Stripe-Signature": [`t=${t}`, ...v1].join(",") });
}

/** GitHub: X-Hub-Signature-256: sha256=hex(HMAC-SHA256(secret, body)); X-GitHub-Delivery a GUID. */
export function signGitHub(o: TBase & { deliveryId?: string }): TSignedRequest {
  return req(o, {
    "X-Hub-Signature-256": `sha256=${createHmac("sha256", o.secret).update(o.body).digest("hex")}`,
    "X-GitHub-Delivery": o.deliveryId ?? "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    "X-GitHub-Event": "ping",
  });
}

/** Shopify: X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(client secret, raw body)). */
export function signShopify(o: TBase & { webhookId?: string }): TSignedRequest {
  return req(o, {
    "X-Shopify-Hmac-Sha256": createHmac("sha256", o.secret).update(o.body).digest("base64"),
    "X-Shopify-Webhook-Id": o.webhookId ?? "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    "X-Shopify-Topic": "orders/create",
  });
}

/** HubSpot's v3 table of escapes that are decoded in the signed URI. */
const HUBSPOT_DECODED: [string, string][] = [
  ["%3A", ":"],
  ["%2F", "/"],
  ["%3F", "?"],
  ["%40", "@"],
  ["%21", "!"],
  ["%24", "$"],
  ["%27", "'"],
  ["%28", "("],
  ["%29", ")"],
  ["%2A", "*"],
  ["%2C", ","],
  ["%3B", ";"],
];

/** HubSpot v3: base64(HMAC-SHA256(client secret, method + decoded URI + body + timestamp ms)). */
export function signHubSpotV3(o: TBase & { timestampMs?: number }): TSignedRequest {
  const ts = String(o.timestampMs ?? (o.now ?? new Date()).getTime());
  let uri = o.url ?? TEST_URL;
  for (const [enc, dec] of HUBSPOT_DECODED)
    uri = uri.split(enc).join(dec).split(enc.toLowerCase()).join(dec);
  const method = o.method ?? "POST";
  const sig = createHmac("sha256", o.secret)
    .update(method + uri + o.body + ts)
    .digest("base64");
  return req(o, { "X-HubSpot-Signature-v3": sig, "X-HubSpot-Request-Timestamp": ts });
}

/** Typeform: Typeform-Signature: sha256=base64(HMAC-SHA256(secret, body)). */
export function signTypeform(o: TBase): TSignedRequest {
  return req(o, {
    "Typeform-Signature": `sha256=${createHmac("sha256", o.secret).update(o.body).digest("base64")}`,
  });
}

/** Calendly: Calendly-Webhook-Signature: t=<ts>,v1=hex(HMAC-SHA256(signing key, "t.body")). */
export function signCalendly(o: TBase & { timestamp?: number }): TSignedRequest {
  const t = String(o.timestamp ?? seconds(o.now));
  const v1 = createHmac("sha256", o.secret).update(`${t}.${o.body}`).digest("hex");
  return req(o, { "Calendly-Webhook-Signature": `t=${t},v1=${v1}` });
}

/** Slack: X-Slack-Signature: v0=hex(HMAC-SHA256(signing secret, "v0:ts:body")). */
export function signSlack(o: TBase & { timestamp?: number }): TSignedRequest {
  const ts = String(o.timestamp ?? seconds(o.now));
  const sig = createHmac("sha256", o.secret).update(`v0:${ts}:${o.body}`).digest("hex");
  return req(o, { "X-Slack-Signature": `v0=${sig}`, "X-Slack-Request-Timestamp": ts });
}

/**
 * Twilio, form-encoded POST: base64(HMAC-SHA1(auth token, URL + each param
 * name+value sorted by name)). `params` become the body.
 */
export function signTwilioForm(
  o: Omit<TBase, "body"> & { params: [string, string][]; idempotencyToken?: string },
): TSignedRequest {
  const url = o.url ?? TEST_URL;
  const sorted = [...o.params].sort(([a, av], [b, bv]) =>
    a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0,
  );
  const data = url + sorted.map(([k, v]) => k + v).join("");
  return {
    method: o.method ?? "POST",
    url,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "X-Twilio-Signature": createHmac("sha1", o.secret).update(data).digest("base64"),
      "I-Twilio-Idempotency-Token": o.idempotencyToken ?? "a5e4e0cb-9f9f-4e23-9c3b-5b1b0c6e2a10",
    },
    body: new URLSearchParams(o.params).toString(),
  };
}

/** Twilio, JSON body: bodySHA256=hex(SHA-256(body)) is added to the URL, and only the URL is signed. */
export function signTwilioJson(o: TBase & { idempotencyToken?: string }): TSignedRequest {
  const base = o.url ?? TEST_URL;
  const hash = createHash("sha256").update(o.body).digest("hex");
  const url = `${base}${base.includes("?") ? "&" : "?"}bodySHA256=${hash}`;
  return {
    method: o.method ?? "POST",
    url,
    headers: {
      "content-type": "application/json",
      "X-Twilio-Signature": createHmac("sha1", o.secret).update(url).digest("base64"),
      "I-Twilio-Idempotency-Token": o.idempotencyToken ?? "0f6c8a1e-2b7d-4f0e-9a51-7d3c2e1b4a99",
    },
    body: o.body,
  };
}

export type THmacSignerConfig = {
  header: string;
  algorithm?: "sha1" | "sha256" | "sha512";
  encoding?: "hex" | "base64";
  prefix?: string;
  signedContent?: string;
  timestampHeader?: string;
  timestampUnit?: "s" | "ms";
  deliveryIdHeader?: string;
};

/** A sender of the generic HMAC scheme described by `config`. */
export function signHmac(
  o: TBase & { config: THmacSignerConfig; timestamp?: number; id?: string },
): TSignedRequest {
  const c = o.config;
  const ts = String(
    o.timestamp ?? (c.timestampUnit === "ms" ? (o.now ?? new Date()).getTime() : seconds(o.now)),
  );
  const id = o.id ?? "dlv_1";
  const content = (c.signedContent ?? "{body}")
    .split("{body}")
    .map((part) => part.split("{timestamp}").join(ts).split("{id}").join(id))
    .join(o.body);
  const sig = createHmac(c.algorithm ?? "sha256", o.secret)
    .update(content)
    .digest(c.encoding ?? "hex");
  const headers: Record<string, string> = { [c.header]: `${c.prefix ?? ""}${sig}` };
  if (c.timestampHeader) headers[c.timestampHeader] = ts;
  if (c.deliveryIdHeader) headers[c.deliveryIdHeader] = id;
  return req(o, headers);
}

/** A sender that cannot sign: the token in the query string (default `token`) or in a header. */
export function withToken(
  o: Omit<TBase, "secret"> & { token: string; in?: "query" | "header"; name?: string },
): TSignedRequest {
  const name = o.name ?? "token";
  if ((o.in ?? "query") === "header") return req({ ...o, secret: "" }, { [name]: o.token });
  const url = new URL(o.url ?? TEST_URL);
  url.searchParams.set(name, o.token);
  return req({ ...o, secret: "", url: url.toString() }, {});
}

/**
 * One signer for any preset, for tests that loop over presets (Twilio gets a
 * JSON body signed the bodySHA256 way; generic HMAC needs `hmacConfig`).
 */
export function signForPreset(
  preset: string,
  o: TBase & { hmacConfig?: THmacSignerConfig; token?: { in?: "query" | "header"; name?: string } },
): TSignedRequest {
  switch (preset) {
    case "standard-webhooks":
      return signStandardWebhooks(o);
    case "stripe":
      return signStripe(o);
    case "github":
      return signGitHub(o);
    case "shopify":
      return signShopify(o);
    case "hubspot-v3":
      return signHubSpotV3(o);
    case "typeform":
      return signTypeform(o);
    case "calendly":
      return signCalendly(o);
    case "slack":
      return signSlack(o);
    case "twilio":
      return signTwilioJson(o);
    case "hmac":
      return signHmac({ ...o, config: o.hmacConfig ?? { header: "X-Signature" } });
    case "token":
      return withToken({ ...o, token: o.secret, ...o.token });
    default:
      throw new Error(`No test signer for preset ${preset}`);
  }
}
