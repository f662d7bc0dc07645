"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/time";
import type { TActionResult } from "@/lib/server/action";
import { FormStatus, useActionForm } from "@/components/ui/action-form";
import { presetGuide } from "./presets";
import { RotateSecretButton, type TRotateSecretAction } from "./rotate-secret-button";
import { SecretPanel, type TRevealedSecret } from "./secret-panel";

export type TEndOverlapAction = (input: {
  sourceKey: string;
}) => Promise<TActionResult<{ key: string }>>;

/**
 * The signing secret: whether a rotation's overlap is running and until when
 * the previous secret still verifies; admins rotate (choosing the overlap)
 * and can end an overlap early. The new secret is shown once, here.
 */
export function SourceSecretCard({
  source,
  actions,
}: {
  source: {
    key: string;
    name: string;
    verification: string;
    previousSecretExpiresAt: string | null;
  };
  actions?: { rotate: TRotateSecretAction; endOverlap: TEndOverlapAction };
}) {
  const [revealed, setRevealed] = useState<TRevealedSecret | null>(null);
  const end = useActionForm(actions?.endOverlap);
  const until = source.previousSecretExpiresAt;
  const guide = presetGuide(source.verification);
  const token = guide.id === "token";

  return (
    <Card>
      <CardHeader
        title={token ? "Secret token" : "Signing secret"}
        description={
          guide.secret === "provider"
            ? `${guide.label} issues it; Baton keeps it encrypted and never shows it again. Rotate when ${guide.label} rolls it.`
            : token
              ? "Senders that cannot sign send it with each request. It is shown only when created or rotated."
              : `The sender signs each request with it (${guide.label}). It is never shown again after it is set.`
        }
      />
      <div className="space-y-4 p-5">
        {revealed ? <SecretPanel secret={revealed} onDismiss={() => setRevealed(null)} /> : null}
        <p data-testid="overlap-state" className="text-sm text-slate-700">
          {until ? (
            <>
              Rotation in progress: the previous secret is accepted until{" "}
              <strong className="whitespace-nowrap">{formatDateTime(until)}</strong>, then only the
              current one.
            </>
          ) : (
            "Only the current secret is accepted."
          )}
        </p>
        {actions ? (
          <div className="flex flex-wrap items-start gap-3">
            <RotateSecretButton
              sourceKey={source.key}
              sourceName={source.name}
              preset={source.verification}
              action={actions.rotate}
              onRotated={setRevealed}
            />
            {until ? (
              <Button
                variant="danger"
                size="sm"
                disabled={end.pending}
                onClick={() => {
                  if (window.confirm("Stop accepting the previous secret now?")) {
                    end.run({ sourceKey: source.key });
                  }
                }}
              >
                Stop accepting the old secret now
              </Button>
            ) : null}
            <FormStatus error={end.formError} />
          </div>
        ) : null}
      </div>
    </Card>
  );
}
