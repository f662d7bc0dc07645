import { normaliseEmail, normaliseName, normalisePhone } from "@/lib/ingest/identity";
import type { TRecordState } from "./batch-state";

type TKeyed = Pick<TRecordState, "identityKey" | "email" | "name" | "company" | "phone">;

/** The lookup keys under which a record could be a duplicate of another. */
function keysOf(r: TKeyed): string[] {
  const keys = [`id:${r.identityKey}`];
  const email = normaliseEmail(r.email);
  if (email) keys.push(`e:${email}`);
  // samePhone: equal digits, or both ≥ 9 digits with the same last 9.
  const phone = normalisePhone(r.phone);
  if (phone) keys.push(phone.length >= 9 ? `p9:${phone.slice(-9)}` : `p:${phone}`);
  const name = normaliseName(r.name);
  const company = normaliseName(r.company);
  if (name && company) keys.push(`nc:${name}|${company}`);
  return keys;
}

/**
 * The records a batch may find duplicates among, indexed by every key
 * `duplicateSuspicion` compares on. `near` returns a small superset of the
 * records that could match, in the order they were added, so
 * `duplicateSuspicion(c, index.near(c))` answers exactly as it would over the
 * whole list — without scanning thousands of records per event (which made a
 * batch quadratic in its size).
 *
 * Records are mutable batch state (a stitch changes a record's fields): call
 * `add` again after a change; stale keys only widen the superset.
 */
export class CandidateIndex {
  private readonly seq = new Map<TRecordState, number>();
  private readonly byKey = new Map<string, TRecordState[]>();

  constructor(records: Iterable<TRecordState> = []) {
    for (const r of records) this.add(r);
  }

  add(record: TRecordState): void {
    if (!this.seq.has(record)) this.seq.set(record, this.seq.size);
    for (const key of keysOf(record)) {
      const list = this.byKey.get(key);
      if (!list) this.byKey.set(key, [record]);
      else if (!list.includes(record)) list.push(record);
    }
  }

  near(candidate: TKeyed): TRecordState[] {
    const found = new Set<TRecordState>();
    for (const key of keysOf(candidate)) for (const r of this.byKey.get(key) ?? []) found.add(r);
    return [...found].sort((a, b) => (this.seq.get(a) ?? 0) - (this.seq.get(b) ?? 0));
  }

  get size(): number {
    return this.seq.size;
  }
}
