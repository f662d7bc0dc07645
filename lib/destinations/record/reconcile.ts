import "server-only";
import { openSecret } from "@/lib/server/secret-box";
import { outboundFetch } from "@/lib/server/net/outbound-fetch";
import { classifyFailure } from "../classify-failure";
import { compareFields, fieldSteps, mismatchSummary, parseAnswer } from "./compare";
import { parseRecordSettings } from "./settings";
import {
  findLinksToReconcile,
  findRecordDestinations,
  saveReconcileCheck,
} from "./store/reconcile";

export type TReconcileResult = {
  destinations: number;
  checked: number;
  matched: number;
  drifted: number;
  opened: number;
  /** Reads that did not get an answer to compare (network, 5xx): tried again next run. */
  unreachable: number;
};

/**
 * Reconciliation: for every active RECORD destination that has it enabled,
 * reads back the records Baton wrote in its window (one GET each, by the
 * stored downstream id) and compares them with what Baton wrote last. A
 * match confirms the record downstream (coverage counts it); a drift opens
 * RECONCILE_DRIFT, once per record and destination while it is open. Run by
 * the worker on a timer; safe to run in several workers at once (a second
 * run adds checks, not exceptions).
 */
export async function reconcileRecordDestinations(
  now = new Date(),
  opts: { limitPerDestination?: number; onlyDestinationId?: string } = {},
): Promise<TReconcileResult> {
  const result: TReconcileResult = {
    destinations: 0,
    checked: 0,
    matched: 0,
    drifted: 0,
    opened: 0,
    unreachable: 0,
  };
  for (const d of await findRecordDestinations()) {
    if (opts.onlyDestinationId && d.id !== opts.onlyDestinationId) continue;
    const settings = parseRecordSettings(d.settings);
    if (!settings.reconcile.enabled) continue;
    result.destinations += 1;
    const auth: Record<string, string> = settings.authHeaderSealed
      ? { [settings.authHeaderName]: openSecret(settings.authHeaderSealed) }
      : {};
    const since = new Date(now.getTime() - settings.reconcile.windowHours * 3_600_000);
    const links = await findLinksToReconcile(d.id, since, opts.limitPerDestination ?? 500);
    for (const link of links) {
      const path = link.expected.path;
      let doc: unknown = null;
      const trace = [`reconcile GET ${path}`];
      try {
        const res = await outboundFetch(d.url.replace(/\/+$/, "") + path, {
          method: "GET",
          timeoutMs: d.timeoutMs,
          headers: { ...auth, accept: "application/json", "user-agent": "Baton/0.1 (+reconcile)" },
        });
        const text = await res.text().catch(() => "");
        if (classifyFailure({ status: res.status }) === "transient") {
          result.unreachable += 1;
          continue;
        }
        trace.push(String(res.status));
        if (res.status >= 200 && res.status < 300) doc = parseAnswer(text);
      } catch {
        // Not reachable now (or refused by the outbound guard): no answer to compare.
        result.unreachable += 1;
        continue;
      }
      const fields = compareFields(doc, link.expected.fields);
      trace.push(...fieldSteps(fields));
      const matched = fields.every((f) => f.ok);
      result.checked += 1;
      if (matched) result.matched += 1;
      else result.drifted += 1;
      const opened = await saveReconcileCheck({
        destination: d,
        link,
        matched,
        fields,
        trace,
        detail: `${d.name} no longer holds what Baton wrote (GET ${path}): ${mismatchSummary(fields)}.`,
        now,
      });
      if (opened) result.opened += 1;
    }
  }
  return result;
}
