import type { TRule } from "@/lib/workflow-definition/schema";
import { hasValue, readField } from "@/lib/rules/field-path";

/**
 * The two guard checks a matched rule may carry: the event must agree with
 * the canonical record (source of truth), and large amounts need review.
 */

/** One source-of-truth field compared. Values are null when missing. */
export type TSourceCheck = { field: string; event: unknown; record: unknown; matches: boolean };

/** The money guard's reading. `overThreshold` is what the engine acts on. */
export type TMoneyCheck = {
  field: string;
  threshold: number;
  value: unknown;
  amount: number | null;
  overThreshold: boolean;
  note?: string;
};

function comparable(value: unknown): string {
  if (typeof value === "string") return value.trim().toLowerCase();
  return typeof value === "object" ? JSON.stringify(value) : String(value).toLowerCase();
}

/**
 * Compares each field between the event and the record. A record field is
 * looked up at the top level, then under `attributes` (where mapped custom
 * fields live). Only fields present on both sides can disagree: a value the
 * record lacks is new information, not a conflict. Case and surrounding
 * spaces are ignored.
 */
export function checkSourceOfTruth(
  fields: readonly string[],
  payload: Record<string, unknown>,
  record: Record<string, unknown> | null,
): TSourceCheck[] {
  if (!record) return [];
  return fields.map((field) => {
    const event = readField(payload, field);
    const top = readField(record, field);
    const stored = top === undefined ? readField(readField(record, "attributes"), field) : top;
    const matches =
      !hasValue(event) || !hasValue(stored) || comparable(event) === comparable(stored);
    return { field, event: event ?? null, record: stored ?? null, matches };
  });
}

/** Numbers, numeric strings and "12,500.00"-style strings with thousands commas. */
export function parseAmount(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  const plain = /^[+-]?\d+(\.\d+)?$/;
  const grouped = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
  if (plain.test(text)) return Number(text);
  if (grouped.test(text)) return Number(text.replaceAll(",", ""));
  return null;
}

/**
 * Reads the amount and compares it with the threshold (at or above needs
 * review). A missing amount passes: nothing is at stake that the event
 * states (make the field required to force it). An amount that is present
 * but unreadable fails closed and needs review.
 */
export function checkMoney(
  money: NonNullable<TRule["money"]>,
  data: Record<string, unknown>,
): TMoneyCheck {
  const value = readField(data, money.field);
  const base = { field: money.field, threshold: money.threshold, value: value ?? null };
  if (!hasValue(value))
    return {
      ...base,
      amount: null,
      overThreshold: false,
      note: `${money.field} is missing; no money check`,
    };
  const amount = parseAmount(value);
  if (amount === null) {
    return {
      ...base,
      amount: null,
      overThreshold: true,
      note: `${money.field} is not a readable amount; review required`,
    };
  }
  return { ...base, amount, overThreshold: amount >= money.threshold };
}
