import { Card, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/time";
import { REASON_LABELS } from "./reason-labels";

export type TDeliveryRow =
  | { kind: "accepted"; id: string; idempotencyKey: string; at: string }
  | { kind: "refused"; reason: string; count: number; message: string | null; at: string };

/**
 * The latest deliveries with their verification result: accepted events (✓)
 * and refusals by reason (✗, with the latest refusal's message, e.g. "No
 * matching signature"), newest first. Refusals are counted, not stored, so
 * each reason shows once with its count and its latest time.
 */
export function LatestDeliveries({ rows }: { rows: TDeliveryRow[] }) {
  return (
    <Card>
      <CardHeader
        title="Latest deliveries"
        description="Accepted events and refused deliveries, with the check that failed."
      />
      {rows.length === 0 ? (
        <p className="px-5 pb-5 text-sm text-slate-500">
          Nothing has arrived yet. Send a test delivery from the sender&apos;s settings.
        </p>
      ) : (
        <ul aria-label="Latest deliveries" className="divide-y divide-slate-100 text-sm">
          {rows.map((r) =>
            r.kind === "accepted" ? (
              <li
                key={`a-${r.id}`}
                data-testid="delivery-accepted"
                className="flex flex-wrap items-start gap-x-3 gap-y-1 px-5 py-2.5"
              >
                <span aria-hidden className="font-semibold text-emerald-600">
                  ✓
                </span>
                <div className="min-w-0 flex-1">
                  <div className="font-medium text-slate-800">Accepted</div>
                  <code className="text-xs break-all text-slate-500">{r.idempotencyKey}</code>
                </div>
                <span className="text-xs whitespace-nowrap text-slate-500">
                  {formatDateTime(r.at)}
                </span>
              </li>
            ) : (
              <li
                key={`r-${r.reason}`}
                data-testid="delivery-refused"
                className="flex flex-wrap items-start gap-x-3 gap-y-1 px-5 py-2.5"
              >
                <span aria-hidden className="font-semibold text-red-600">
                  ✗
                </span>
                <div className="min-w-0 flex-1">
                  <div className="font-medium text-slate-800">
                    {r.reason === "INVALID_SIGNATURE"
                      ? "Signature check failed"
                      : (REASON_LABELS[r.reason] ?? r.reason)}{" "}
                    <span className="text-xs font-normal text-slate-500">× {r.count}</span>
                  </div>
                  {r.message ? (
                    <div className="text-xs break-words text-red-700">{r.message}</div>
                  ) : null}
                  <div className="font-mono text-[0.7rem] text-slate-500">{r.reason}</div>
                </div>
                <span className="text-xs whitespace-nowrap text-slate-500">
                  {formatDateTime(r.at)}
                </span>
              </li>
            ),
          )}
        </ul>
      )}
    </Card>
  );
}

/** Merges accepted events and refusals by reason into one list, newest first. */
export function deliveryRows(
  events: { id: string; idempotencyKey: string; receivedAt: Date }[],
  refusals: { reason: string; count: number; lastAt: Date | null; lastMessage?: string | null }[],
  limit = 15,
): TDeliveryRow[] {
  const rows: (TDeliveryRow & { t: number })[] = [
    ...events.map((e) => ({
      kind: "accepted" as const,
      id: e.id,
      idempotencyKey: e.idempotencyKey,
      at: e.receivedAt.toISOString(),
      t: e.receivedAt.getTime(),
    })),
    ...refusals
      .filter((r) => r.lastAt)
      .map((r) => ({
        kind: "refused" as const,
        reason: r.reason,
        count: r.count,
        message: r.lastMessage ?? null,
        at: r.lastAt!.toISOString(),
        t: r.lastAt!.getTime(),
      })),
  ];
  return rows
    .sort((a, b) => b.t - a.t)
    .slice(0, limit)
    .map(({ t: _t, ...row }) => row as TDeliveryRow);
}
