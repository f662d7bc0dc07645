import { caseLabel } from "@/lib/exception-model/build-rows";
import { understandRow, type TRecordFields } from "../understand";
import type { TEventContext, TStopped } from "./context";

/** An event whose identity and fields are known. */
export type TIdentified = {
  identityKey: string;
  fields: TRecordFields;
  /** How the case is named in exception titles. */
  label: string;
  /** What a queue search finds the case by. */
  search: (string | null)[];
};

/**
 * Understand: the source's contract and mappings turn the payload into an
 * identity and record fields. An event that breaks the contract, or that
 * nothing identifies, stops here with CONTRACT_VIOLATION or MISSING_FIELD.
 */
export function understandEvent(
  ctx: TEventContext,
): { ok: true; identified: TIdentified } | TStopped {
  const { event, payload, at } = ctx;
  const u = understandRow(event, payload);
  if (u.ok) {
    const { email, company, name, externalId } = u.fields;
    return {
      ok: true,
      identified: {
        identityKey: u.identityKey,
        fields: u.fields,
        label: caseLabel(u.fields, `event ${event.id}`),
        search: [email, company, name, externalId],
      },
    };
  }
  const step = { step: "understand", at, ok: false, note: u.reason };
  const label = caseLabel(
    {
      email: String(payload.email ?? "") || null,
      company: typeof payload.company === "string" ? payload.company : null,
    },
    `event ${event.id}`,
  );
  if (u.reason === "CONTRACT_VIOLATION") {
    const detail = u.issues.map((i) => `${i.path || "(body)"}: ${i.message}`).join("; ");
    return {
      ok: false,
      step,
      draft: { reason: "CONTRACT_VIOLATION", detail, label, context: { issues: u.issues } },
    };
  }
  return {
    ok: false,
    step,
    draft: {
      reason: "MISSING_FIELD",
      detail: `Nothing identifies the record: ${u.missing.join(" and ")} missing or empty.`,
      label,
      context: { missing: u.missing },
    },
  };
}
