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
  contentType: string | null;
  bodyBytes: number | null;
  error: string | null;
  message: string;
};
export type TSendTestAction = (input: {
  destinationKey: string;
}) => Promise<TActionResult<TTestDeliveryView>>;

/** The size as counted: the server stops at 64 KiB, so the top reads "64 KiB or more". */
function size(bytes: number): string {
  if (bytes >= 64 * 1024) return "64 KiB or more";
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KiB`;
}

// Status, timing, content type and size only: the answer's headers and body are
// never shown, so a URL aimed at an internal service cannot be used to read it.
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
      {r.status !== null ? (
        <p className="text-xs text-slate-600">
          {r.contentType ?? "No content type"} · {size(r.bodyBytes ?? 0)}
        </p>
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
              ? "Nothing sent yet. The answer (status, duration, content type and size, or the error) shows here."
              : "Only admins can send test deliveries."}
          </p>
        )}
      </div>
    </Card>
  );
}
