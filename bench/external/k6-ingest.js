// k6 script: signed events to one Baton source at a constant arrival rate,
// signed live (k6/crypto HMAC), so every request has a fresh webhook-id.
//
//   BATON_URL=http://127.0.0.1:3000 SOURCE=web-form SECRET='whsec_…' RATE=2000 \
//     k6 run bench/external/k6-ingest.js
//
// Standard Webhooks: webhook-signature = "v1," + base64(HMAC-SHA256(key,
// "{id}.{timestamp}.{body}")), key = the base64 part of the whsec_ secret.
// Not run on the build machines (k6 is not packaged in Debian); see docs/LOAD-TESTING.md.
import crypto from "k6/crypto";
import encoding from "k6/encoding";
import http from "k6/http";
import { check } from "k6";

const base = __ENV.BATON_URL || "http://127.0.0.1:3000";
const source = __ENV.SOURCE || "web-form";
const key = encoding.b64decode((__ENV.SECRET || "").replace(/^whsec_/, ""), "std");
const rate = Number(__ENV.RATE || 1000);

export const options = {
  scenarios: {
    ingest: {
      executor: "constant-arrival-rate",
      rate,
      timeUnit: "1s",
      duration: __ENV.DURATION || "60s",
      preAllocatedVUs: 64,
      maxVUs: 512,
    },
  },
  thresholds: { "http_req_duration{expected_response:true}": ["p(99)<100"] },
};

export default function ingest() {
  const id = `msg_${__VU}_${__ITER}_${Date.now().toString(36)}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const body = JSON.stringify({
    email: `lead-${id}@load.example`,
    company: `Company ${__ITER % 500}`,
    firstName: "Load",
    lastName: `Lead ${__ITER}`,
  });
  const sig = crypto.hmac("sha256", key, `${id}.${ts}.${body}`, "base64");
  const res = http.post(`${base}/api/v1/sources/${source}/events`, body, {
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": ts,
      "webhook-signature": `v1,${sig}`,
    },
  });
  check(res, { "202 accepted": (r) => r.status === 202 });
}
