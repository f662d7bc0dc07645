// Pre-signs Standard Webhooks event requests for an HTTP load tool that cannot
// compute HMACs itself (wrk), so Baton's ingest figures can be checked without
// Baton's own bench code. Each request has its own webhook-id (Baton answers a
// repeat with 200, not 202) and is valid for 5 minutes after it is written.
//
//   npx tsx bench/external/sign-requests.ts --source web-form --secret whsec_… \
//     --count 120000 --out /tmp/baton-requests.lua
//   wrk -t2 -c32 -d60s -s /tmp/baton-requests.lua http://127.0.0.1:3000
//
// The file is a wrk script: it cycles through the requests and counts the
// answers by status. `--format jsonl` writes one JSON request per line instead
// (method, path, headers, body) for other tools. See docs/LOAD-TESTING.md.
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    source: { type: "string" },
    secret: { type: "string" },
    count: { type: "string", default: "60000" },
    out: { type: "string" },
    format: { type: "string", default: "wrk" },
  },
});
if (!values.source || !values.secret || !values.out) {
  console.error(
    "usage: sign-requests.ts --source <key> --secret whsec_… --count N --out FILE [--format wrk|jsonl]",
  );
  process.exit(2);
}
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > 2_000_000) {
  console.error("--count must be an integer from 1 to 2,000,000");
  process.exit(2);
}
const key = Buffer.from(values.secret.replace(/^whsec_/, ""), "base64");
const path = `/api/v1/sources/${values.source}/events`;
const timestamp = String(Math.floor(Date.now() / 1000));

/** One signed request: v1 = base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` (standardwebhooks.com). */
function signed(i: number) {
  const id = `msg_${randomBytes(10).toString("hex")}`;
  const body = JSON.stringify({
    email: `lead${i}-${id}@load.example`,
    company: `Company ${i % 500}`,
    firstName: "Load",
    lastName: `Lead ${i}`,
  });
  const sig = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return {
    method: "POST",
    path,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": timestamp,
      "webhook-signature": `v1,${sig}`,
    },
    body,
  };
}

const out = fs.createWriteStream(values.out);
const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string here (ASCII)
if (values.format === "jsonl") {
  for (let i = 0; i < count; i++) out.write(`${JSON.stringify(signed(i))}\n`);
} else if (values.format === "wrk") {
  // Raw requests; each thread formats its own share in init(), with the Host
  // header wrk.format leaves out when given headers (Node answers 400 without it).
  out.write("local raw = {}\n");
  for (let i = 0; i < count; i++) {
    const r = signed(i);
    const h = Object.entries(r.headers)
      .map(([k, v]) => `[${lua(k)}]=${lua(v)}`)
      .join(",");
    out.write(`raw[${i + 1}] = {${lua(r.path)}, {${h}}, ${lua(r.body)}}\n`);
  }
  out.write(`
-- Thread k of T (T = the script argument: pass wrk's -t) sends requests
-- k, k+T, … so no two threads send the same webhook-id; a thread that runs
-- out starts its share again, and Baton answers those repeats 200, not 202.
local threads = {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
local step, i = 1, 0
accepted, other = 0, 0
local mine = {}
function init(args)
  step = tonumber(args[1] or "1")
  local host = wrk.host .. ":" .. tostring(wrk.port)
  for k = id + 1, #raw, step do
    local r = raw[k]
    r[2]["Host"] = host
    table.insert(mine, wrk.format("POST", r[1], r[2], r[3]))
  end
  raw = nil
end
function request()
  i = i % #mine + 1
  return mine[i]
end
function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else other = other + 1 end
end
function done(summary, latency, _)
  local a, o = 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted")
    o = o + t:get("other")
  end
  io.write(string.format("202 accepted: %d, other answers: %d\\n", a, o))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("latency p%s: %.2f ms\\n", p, latency:percentile(p) / 1000))
  end
end
`);
} else {
  console.error("--format must be wrk or jsonl");
  process.exit(2);
}
out.end(() => console.error(`wrote ${count} signed requests for ${path} to ${values.out}`));
