/**
 * Identity: which canonical record an event belongs to, and whether a new
 * record looks like someone we already have. Normalisation is conservative:
 * two spellings are merged only when mail providers treat them as one inbox.
 */

/** Domains whose mailboxes ignore dots in the local part (and are the same mailbox). */
const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

/**
 * A comparable email: trimmed, lowercased, without a "+tag" in the local
 * part; for Gmail also without dots, and googlemail.com folded into
 * gmail.com. Returns null for anything that is not a plausible address.
 */
export function normaliseEmail(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const email = raw.trim().toLowerCase();
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1 || /\s/.test(email) || email.indexOf("@") !== at)
    return null;
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  if (!domain.includes(".") || domain.startsWith(".") || domain.endsWith(".")) return null;
  const plus = local.indexOf("+");
  // "+tag@x.com" has nothing before the tag; keep it whole rather than produce "@x.com".
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replaceAll(".", "");
    domain = "gmail.com";
    if (local === "") return null;
  }
  return `${local}@${domain}`;
}

/** A comparable phone number: digits only, an international "00" prefix dropped. Null under 7 digits. */
export function normalisePhone(raw: unknown): string | null {
  if (typeof raw !== "string" && typeof raw !== "number") return null;
  let digits = String(raw).replace(/\D/g, "");
  if (digits.startsWith("00")) digits = digits.slice(2);
  return digits.length >= 7 ? digits : null;
}

/**
 * Two phone numbers are the same when their digits are equal, or when both
 * have at least 9 digits and the last 9 agree: "+49 30 1234567" and
 * "030 1234567" differ only in country code and trunk prefix.
 */
export function samePhone(a: unknown, b: unknown): boolean {
  const x = normalisePhone(a);
  const y = normalisePhone(b);
  if (!x || !y) return false;
  if (x === y) return true;
  return x.length >= 9 && y.length >= 9 && x.slice(-9) === y.slice(-9);
}

/** Lowercase, accents and punctuation removed, all spaces removed: "José  Díaz" ≈ "jose diaz". */
export function normaliseName(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const text = raw
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s.,'’"`-]+/g, "");
  return text === "" ? null : text;
}

/**
 * The record identity key for an event: "email:<normalised>" when the email
 * is usable, else "ext:<sourceKey>:<id>" for the source's external id, else
 * null (the event cannot be stitched onto a record by identity).
 */
export function identityKeyFor(input: {
  email?: unknown;
  externalId?: unknown;
  sourceKey: string;
}): string | null {
  const email = normaliseEmail(input.email);
  if (email) return `email:${email}`;
  const { externalId } = input;
  const id =
    typeof externalId === "number" && Number.isFinite(externalId)
      ? String(externalId)
      : typeof externalId === "string"
        ? externalId.trim()
        : "";
  return id ? `ext:${input.sourceKey}:${id}` : null;
}

/** What duplicate detection compares. */
export type TIdentityCandidate = {
  id?: string;
  identityKey?: string | null;
  email?: string | null;
  name?: string | null;
  company?: string | null;
  phone?: string | null;
};

export type TDuplicateSuspicion = {
  recordId: string;
  reason: "email" | "phone" | "name_company";
  detail: string;
};

/**
 * Whether a new record probably duplicates an existing one it was not
 * stitched to. An exact identity-key match is the same record, not a
 * suspicion, and returns null. Otherwise the strongest signal wins: same
 * normalised email (the other record was keyed by an external id), then same
 * phone, then same name and company.
 */
/** A record as a person names it: its name, else its email, else its company. */
function recordName(r: TIdentityCandidate): string {
  return r.name?.trim() || r.email?.trim() || r.company?.trim() || "an unnamed record";
}

export function duplicateSuspicion(
  candidate: TIdentityCandidate,
  existing: readonly (TIdentityCandidate & { id: string })[],
): TDuplicateSuspicion | null {
  const others = existing.filter((r) => r.id !== candidate.id);
  if (candidate.identityKey && others.some((r) => r.identityKey === candidate.identityKey))
    return null;

  const email = normaliseEmail(candidate.email);
  const byEmail = email ? others.find((r) => normaliseEmail(r.email) === email) : undefined;
  if (byEmail)
    return {
      recordId: byEmail.id,
      reason: "email",
      detail: `same email as ${recordName(byEmail)} (${email})`,
    };

  const byPhone = others.find((r) => samePhone(candidate.phone, r.phone));
  if (byPhone)
    return {
      recordId: byPhone.id,
      reason: "phone",
      detail: `same phone as ${recordName(byPhone)}${byPhone.company ? ` at ${byPhone.company}` : ""} (${byPhone.phone})`,
    };

  const name = normaliseName(candidate.name);
  const company = normaliseName(candidate.company);
  if (name && company) {
    const match = others.find(
      (r) => normaliseName(r.name) === name && normaliseName(r.company) === company,
    );
    if (match) {
      return {
        recordId: match.id,
        reason: "name_company",
        detail: `same name and company as ${match.name} at ${match.company}`,
      };
    }
  }
  return null;
}
