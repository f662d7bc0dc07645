import type { TDeliveryFailure } from "../store/deliveries";
import type { TDeliveryPayload } from "../types";
import { mismatchSummary, type TCheckedField } from "./compare";

/**
 * The exception a record write opens when it did not happen as asked: the
 * read-back differed (VERIFY_MISMATCH, with expected against actual per
 * field and the trace), or the write was refused before or after sending
 * (DELIVERY_REJECTED: a broken action, an answer without an id).
 */
export function recordFailure(
  destinationName: string,
  p: TDeliveryPayload,
  r: {
    refused?: string;
    trace?: string[];
    externalId?: string | null;
    status?: number;
    excerpt: string | null;
  },
  verify: { fields: TCheckedField[]; path: string } | null,
): TDeliveryFailure {
  const action = p.actionName ?? p.actionId;
  const common = {
    destination: destinationName,
    trace: r.trace ?? [],
    externalId: r.externalId ?? null,
    httpStatus: r.status ?? null,
  };
  if (verify && !r.refused) {
    return {
      reason: "VERIFY_MISMATCH",
      detail: `${destinationName} accepted "${action}" but reading the record back (GET ${verify.path}) showed other values: ${mismatchSummary(verify.fields)}.`,
      extra: { ...common, readBack: verify.path, fields: verify.fields },
    };
  }
  return {
    reason: "DELIVERY_REJECTED",
    detail: `"${action}" was not written to ${destinationName}: ${r.refused}.`,
    extra: { ...common, response: r.excerpt },
  };
}
