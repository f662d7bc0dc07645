/**
 * Contract check cost, old (the hand-written validator of build 13aa094, read
 * from git) vs new (ajv, lib/ingest/contract.ts): µs per check on a typical
 * lead payload, and the ReDoS input of issue #12 item 9.
 *
 *   npx tsx bench/contract-check.ts [iterations]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { validateContract } from "@/lib/ingest/contract";
import { compiledContract } from "@/lib/ingest/contract-engine";

type TValidate = (schema: unknown, payload: unknown) => { path: string; message: string }[];

const OLD_COMMIT = "13aa094";

async function loadOld(): Promise<TValidate> {
  const source = execFileSync("git", ["show", `${OLD_COMMIT}:lib/ingest/contract.ts`], {
    encoding: "utf8",
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "contract-old-")), "contract.ts");
  writeFileSync(file, source);
  return ((await import(file)) as { validateContract: TValidate }).validateContract;
}

// The web-form source's contract from prisma/seed.ts, and a lead it accepts.
const CONTRACT = {
  type: "object",
  required: ["email", "company"],
  properties: {
    email: { type: "string", format: "email" },
    firstName: { type: "string" },
    lastName: { type: "string" },
    company: { type: "string", minLength: 1 },
    employees: { type: "integer", minimum: 0 },
    country: { type: "string", minLength: 2, maxLength: 2 },
    score: { type: "number", minimum: 0, maximum: 1 },
  },
};
const LEAD = {
  email: "jane.doe@acme.example",
  firstName: "Jane",
  lastName: "Doe",
  company: "Acme GmbH",
  employees: 800,
  country: "DE",
  score: 0.72,
  phone: "+49 30 1234567",
  utm: { source: "newsletter", campaign: "spring" },
};
const BAD_LEAD = { ...LEAD, email: "not-an-email", employees: -1, country: "Germany" };

/** µs per check: with one contract object, or a fresh copy each time (as the worker reads rows). */
function perCheck(validate: TValidate, payload: unknown, iterations: number, fresh: boolean) {
  const text = JSON.stringify(CONTRACT);
  const copies = Array.from({ length: fresh ? 1024 : 1 }, () => JSON.parse(text) as unknown);
  for (let i = 0; i < 2000; i++) validate(copies[i % copies.length], payload);
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) validate(copies[i % copies.length], payload);
  return Number(process.hrtime.bigint() - started) / iterations / 1000;
}

function once(validate: TValidate, payload: unknown): number {
  const started = performance.now();
  validate(CONTRACT, payload);
  return performance.now() - started;
}

async function main() {
  const iterations = Number(process.argv[2] ?? 50_000);
  const old = await loadOld();
  const rows: [string, string, string][] = [];
  for (const [name, payload] of [
    ["valid lead", LEAD],
    ["lead with 3 violations", BAD_LEAD],
  ] as const) {
    for (const fresh of [false, true]) {
      const label = `${name}, ${fresh ? "fresh contract copy" : "same contract object"} (µs/check)`;
      const [o, n] = [old, validateContract].map((v) => perCheck(v, payload, iterations, fresh));
      rows.push([label, o.toFixed(2), n.toFixed(2)]);
    }
  }
  const compiled = compiledContract(CONTRACT);
  if (compiled.ok) {
    const alone: TValidate = (_s, p) => (compiled.validate(p) ? [] : []);
    const us = perCheck(alone, LEAD, iterations, false).toFixed(2);
    rows.push(["valid lead, compiled ajv function alone, no cache lookup (µs/check)", "", us]);
  }
  for (const n of [10_000, 100_000]) {
    const evil = { ...LEAD, email: `a@${".".repeat(n)} ` };
    rows.push([
      `ReDoS email, ${n / 1000}k chars (ms)`,
      once(old, evil).toFixed(1),
      once(validateContract, evil).toFixed(2),
    ]);
  }
  console.log(`${iterations} iterations; old = ${OLD_COMMIT}, new = ajv\n`);
  console.log(["", "old", "new"].join("\t"));
  for (const r of rows) console.log(r.join("\t"));
}

void main();
