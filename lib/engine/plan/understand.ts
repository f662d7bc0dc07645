import { normaliseEmail, identityKeyFor } from "@/lib/ingest/identity";
import { validateContract, type TContractIssue } from "@/lib/ingest/contract";
// Mapping paths may pick array elements by a key: `answers[field.ref=email].email`.
import { readMappingPath as readField } from "@/lib/ingest/mapping-path";
import type { TEventChain } from "@/lib/workflow-definition/event-chain";

/** A source's mapping settings, as stored (JSON) on the Source row. */
export type TSourceMapping = {
  key: string;
  contract: unknown;
  identityMapping: unknown;
  fieldMapping: unknown;
};

/** The canonical record fields an event contributes. */
export type TRecordFields = {
  email: string | null;
  name: string | null;
  company: string | null;
  phone: string | null;
  externalId: string | null;
};

export type TUnderstood =
  | { ok: true; identityKey: string; fields: TRecordFields }
  | { ok: false; reason: "CONTRACT_VIOLATION"; issues: TContractIssue[] }
  | { ok: false; reason: "MISSING_FIELD"; missing: string[] };

const asPath = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);
const asText = (v: unknown): string | null => {
  if (typeof v === "string") return v.trim() || null;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
};

/**
 * Fills "{firstName} {lastName}" style templates from the payload; a plain
 * path reads that field. Missing parts are dropped, not printed as "undefined".
 */
export function mapField(payload: unknown, spec: unknown): string | null {
  const path = asPath(spec);
  if (!path) return null;
  if (!path.includes("{")) return asText(readField(payload, path));
  const out = path
    // `[^{}]`, not `[^}]`: on a run of "{" the latter rescanned the rest of
    // the spec from each one (quadratic); saved templates never nest braces.
    .replace(/\{([^{}]+)\}/g, (_, p: string) => asText(readField(payload, p.trim())) ?? "")
    .replace(/\s+/g, " ")
    .trim();
  return out || null;
}

/**
 * The Understand step for one event, pure: check the payload against the
 * source's contract, map its fields, and derive the identity that stitches it
 * onto a canonical record (normalised email first, else the source's external id).
 */
export function understand(source: TSourceMapping, payload: Record<string, unknown>): TUnderstood {
  const issues = source.contract ? validateContract(source.contract, payload) : [];
  if (issues.length > 0) return { ok: false, reason: "CONTRACT_VIOLATION", issues };

  const identity = (source.identityMapping ?? {}) as Record<string, unknown>;
  const mapping = (source.fieldMapping ?? {}) as Record<string, unknown>;
  const emailPath = asPath(identity.email) ?? asPath(mapping.email) ?? "email";
  const externalPath = asPath(identity.externalId);

  const email = normaliseEmail(readField(payload, emailPath));
  const externalId = externalPath ? asText(readField(payload, externalPath)) : null;
  const identityKey = identityKeyFor({ email, externalId, sourceKey: source.key });
  if (!identityKey) {
    return {
      ok: false,
      reason: "MISSING_FIELD",
      missing: [emailPath, ...(externalPath ? [externalPath] : [])],
    };
  }
  return {
    ok: true,
    identityKey,
    fields: {
      email,
      name: mapField(payload, mapping.name ?? "name"),
      company: mapField(payload, mapping.company ?? "company"),
      phone: mapField(payload, mapping.phone ?? "phone"),
      externalId,
    },
  };
}

/**
 * Understand for an event row: a chained stage runs on the record its
 * previous stage named (Baton wrote the chain, so no contract or mapping
 * applies); any other event goes through its source's contract and mappings.
 */
export function understandRow(
  event: { source: TSourceMapping; chain?: TEventChain | null },
  payload: Record<string, unknown>,
): TUnderstood {
  if (event.chain) {
    return { ok: true, identityKey: event.chain.identityKey, fields: event.chain.fields };
  }
  return understand(event.source, payload);
}
