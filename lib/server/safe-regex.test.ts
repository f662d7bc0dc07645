import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./backoff";
import { parseAmount } from "@/lib/engine/plan/checks";
import { computeConfidence } from "@/lib/engine/plan/confidence";
import { mapField } from "@/lib/engine/plan/understand";
import { ZAge, ZExceptionFilter } from "@/lib/exceptions/schema";
import { contractProblems, validateContract } from "@/lib/ingest/contract";
import { normaliseEmail, normaliseName, normalisePhone } from "@/lib/ingest/identity";
import { matchIngestRoute } from "@/lib/ingest/node-ingest";
import { verifySignature } from "@/lib/ingest/verify-signature";
import { checkMetricsAccess } from "@/lib/observability/metrics-auth";
import { ZMappingSpec, ZIdentityMapping, ZSourceKey } from "@/lib/sources/schema";
import { ZDestinationUrl } from "@/lib/destinations/schema";
import { clientIp } from "@/lib/server/auth/client-ip";
import { sameOriginPath } from "@/lib/server/auth/same-origin-path";
import { blockedAddress, normaliseHost, parseAllowList } from "@/lib/server/net/outbound-guard";

/**
 * Every regex that a sender's or user's text reaches in lib/, driven through
 * the function that applies it, with input built to make a backtracking
 * engine retry: 100k-character runs of the characters each pattern repeats,
 * ending in a character that makes the match fail. Each call must finish
 * within BOUND_MS (best of three, so a busy machine does not fail it; a
 * superlinear pattern takes seconds). The old email check took ~5 s here.
 */

const N = 100_000;
const BOUND_MS = 50;
const RUN_CHARS = [" ", ".", "a", "1", "@", "-", "+", "{", "}", ",", ":", "/", "\t", "é", "%", "0"];

function adversarial(): string[] {
  const out: string[] = [];
  for (const c of RUN_CHARS) {
    const run = c.repeat(N);
    out.push(run + "\u0000", `a@${run} `, `a@a${run}!`, `{${run}`, `1,${run}x`, `+${run}%`);
  }
  out.push(
    `a@${"a.".repeat(N / 2)} `,
    `${"a-".repeat(N / 2)}!`,
    `${"1,".repeat(N / 2)}x`,
    `${"{a".repeat(N / 2)}`,
    `http://${"a".repeat(N)}@`,
    `2024-01-01T${"1".repeat(N)}x`,
    `${"/a".repeat(N / 2)}~`,
    `Bearer ${" a".repeat(N / 2)}`,
  );
  return out;
}

const INPUTS = adversarial();
const NO_ALLOW = parseAllowList("");

function slowest(fn: (s: string) => unknown): { ms: number; input: string } {
  let worst = { ms: 0, input: "" };
  for (const input of INPUTS) {
    let best = Infinity;
    for (let i = 0; i < 3 && best > BOUND_MS; i++) {
      const started = performance.now();
      fn(input);
      best = Math.min(best, performance.now() - started);
    }
    if (best > worst.ms) worst = { ms: best, input };
  }
  return worst;
}

const FORMATS = [
  "email",
  "date",
  "time",
  "date-time",
  "iso-time",
  "iso-date-time",
  "duration",
  "uri",
  "uri-reference",
  "uri-template",
  "url",
  "hostname",
  "ipv4",
  "ipv6",
  "regex",
  "uuid",
  "json-pointer",
  "json-pointer-uri-fragment",
  "relative-json-pointer",
  "byte",
  "password",
  "binary",
];

const secrets = { current: "whsec_" + Buffer.from("k".repeat(32)).toString("base64") };
// Values no HTTP stack would deliver (control characters) are skipped.
const header = (name: string) => (s: string) => {
  let headers: Headers;
  try {
    headers = new Headers({
      "webhook-id": "m",
      "webhook-timestamp": "1",
      "webhook-signature": "v1,x",
    });
    headers.set(name, s);
  } catch {
    return;
  }
  return verifySignature({ headers, body: "{}", secrets });
};

const TARGETS: [string, (s: string) => unknown][] = [
  ...FORMATS.map((f): [string, (s: string) => unknown] => [
    `contract format "${f}"`,
    (s) => validateContract({ type: "string", format: f }, s),
  ]),
  // Admin patterns run on RE2 (and on ≤ 1,000 characters): shapes that explode on a backtracking engine.
  ...[
    "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
    "^\\d+\\d+x$",
    "^.*foo.*$",
    "[^@]+@",
    "^(a+)+$",
    "^(?:(?:a*a*)(?:a*a*))(?:(?:a*a*)(?:a*a*))$",
  ].map((p): [string, (s: string) => unknown] => [
    `contract pattern ${p}`,
    (s) => validateContract({ type: "string", pattern: p }, s),
  ]),
  [
    "contract patternProperties key",
    (s) => validateContract({ patternProperties: { "^[a-z]+\\d+$": {} } }, { [s]: 1 }),
  ],
  ["contract save check (pattern)", (s) => contractProblems({ pattern: s })],
  ["normaliseEmail", normaliseEmail],
  ["normalisePhone", normalisePhone],
  ["normaliseName", normaliseName],
  ["mapField template over payload text", (s) => mapField({ a: s, b: s }, "{a} {b}")],
  ["mapField spec", (s) => mapField({ a: "x" }, s)],
  ["parseAmount", parseAmount],
  [
    "confidence score field",
    (s) => computeConfidence({ field: "score", high: 0.8, low: 0.5 }, { score: s }),
  ],
  ["Retry-After", (s) => parseRetryAfter(s, new Date())],
  ["ingest route", (s) => matchIngestRoute("POST", `/api/v1/sources/${s}/events?${s}`)],
  ["webhook-timestamp", header("webhook-timestamp")],
  ["webhook-signature", header("webhook-signature")],
  [
    "metrics bearer token",
    (s) =>
      checkMetricsAccess({
        configuredToken: "t".repeat(16),
        authorization: s,
        resolveCaller: async () => null,
      }),
  ],
  ["source key", (s) => ZSourceKey.safeParse(s)],
  ["payload path", (s) => ZIdentityMapping.safeParse({ email: s })],
  ["field mapping template", (s) => ZMappingSpec.safeParse(s)],
  ["exception age filter", (s) => ZAge.safeParse(s)],
  ["exception date filter", (s) => ZExceptionFilter.safeParse({ createdFrom: s, q: s })],
  ["sign-in callbackUrl", (s) => sameOriginPath(s, "http://127.0.0.1:3000")],
  ["client IP header", (s) => clientIp({ "x-baton-client-ip": s, "x-forwarded-for": s })],
  ["destination URL", (s) => ZDestinationUrl.safeParse(`http://${s}/`)],
  ["outbound host and address", (s) => blockedAddress(s, NO_ALLOW, normaliseHost(s))],
];

describe("regexes on user and sender input run in linear time", () => {
  it.each(TARGETS)("%s", (_name, fn) => {
    const { ms, input } = slowest(fn);
    expect(ms, `took ${ms.toFixed(1)} ms on ${JSON.stringify(input.slice(0, 24))}…`).toBeLessThan(
      BOUND_MS,
    );
  });
});
