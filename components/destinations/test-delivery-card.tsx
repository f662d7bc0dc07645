"use client";

import { Send } from "lucide-react";
import { FormStatus, useActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { TActionResult } from "@/lib/server/action";

export type TTestDeliveryView = {
  url: string;
  durationMs: number;
  status: number | null;
  headers: [string, string][];
  body: string | null;
  error: string | null;
  message: string;
};
export type TSendTestAction = (input: {
  destinationKey: string;
}) => Promise<TActionResult<TTestDeliveryView>>;

function Outcome({ r }: { r: TTestDeliveryView }) {
  const ok = r.status !== null && r.status >= 200 && r.status < 300;
  return (
    <div data-testid="test-delivery-result" className="space-y-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={ok ? "green" : "red"}>
          {r.status !== null ? `HTTP ${r.status}` : (r.error ?? "failed")}
        </Badge>
        <span className="text-slate-600 tabular-nums">{r.durationMs} ms</span>
        <span className="text-slate-800">{r.message}</span>
      </div>
      {r.headers.length > 0 ? (
        <div>
          <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Response headers
          </h3>
          <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs text-slate-700 ring-1 ring-slate-200">
            {r.headers.map(([k, v]) => `${k}: ${v}`).join("\n")}
          </pre>
        </div>
      ) : null}
      {r.body ? (
        <div>
          <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Response body (excerpt)
          </h3>
          <pre className="mt-1 max-h-60 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs break-all whitespace-pre-wrap text-slate-700 ring-1 ring-slate-200">
            {r.body}
          </pre>
        </div>
      ) : null}
    </div>
  );
}

/**
 * "Send test delivery": the server POSTs a signed `baton.test` message to the
 * URL with the destination's secret and timeout, and this shows the answer.
 */
export function TestDeliveryCard({
  destinationKey,
  url,
  timeoutMs,
  action,
}: {
  destinationKey: string;
  url: string;
  timeoutMs: number;
  action?: TSendTestAction;
}) {
  const test = useActionForm(action);
  return (
    <Card>
      <CardHeader
        title="Test delivery"
        description={
          <>
            POSTs a signed test message to <code className="text-xs break-all">{url}</code> (timeout{" "}
            {timeoutMs} ms). Recorded below as a test attempt.
          </>
        }
        actions={
          action ? (
            <Button
              variant="secondary"
              className="shrink-0 whitespace-nowrap"
              disabled={test.pending}
              onClick={() => test.run({ destinationKey })}
            >
              <Send className="h-4 w-4" />
              {test.pending ? "Sending…" : "Send test delivery"}
            </Button>
          ) : null
        }
      />
      <div className="p-5">
        {test.result?.ok ? (
          <Outcome r={test.result.data} />
        ) : test.result ? (
          <FormStatus error={test.formError} />
        ) : (
          <p className="text-sm text-slate-500">
            {action
              ? "Nothing sent yet. The answer (status, duration, headers, body or the error) shows here."
              : "Only admins can send test deliveries."}
          </p>
        )}
      </div>
    </Card>
  );
}
