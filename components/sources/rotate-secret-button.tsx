"use client";

import { RotateCw } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/time";
import { presetGuide, type TPresetGuide } from "./presets";
import type { TRevealedSecret } from "./secret-panel";

type TRotated = {
  key: string;
  name: string;
  signingSecret: string;
  previousSecretExpiresAt: string | null;
};
export type TRotateSecretResult =
  | { ok: true; data: TRotated }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };
export type TRotateSecretAction = (input: {
  sourceKey: string;
  overlapMinutes: string;
  secret?: string;
}) => Promise<TRotateSecretResult>;

const inputClass =
  "block rounded-md border-0 px-2 py-1 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset aria-invalid:ring-red-400";

/**
 * "Rotate secret" for one source: asks how long the old secret keeps working
 * (default 60 minutes, so senders can switch without dropping events) and,
 * when the provider issues the secret (Stripe, Shopify, HubSpot, Slack,
 * Twilio, Calendly), the new one to paste. A secret Baton made is handed up
 * to be shown once; a pasted one is only confirmed, never echoed.
 */
export function RotateSecretButton({
  sourceKey,
  sourceName,
  preset,
  action,
  onRotated,
}: {
  sourceKey: string;
  sourceName: string;
  /** The source's verification preset: who makes the secret. */
  preset?: string;
  action: TRotateSecretAction;
  onRotated: (secret: TRevealedSecret) => void;
}) {
  const guide: TPresetGuide = presetGuide(preset);
  const asks = guide.secret === "provider" || guide.secret === "user";
  const [open, setOpen] = useState(false);
  const [overlap, setOverlap] = useState("60");
  const [secret, setSecret] = useState("");
  const [errors, setErrors] = useState<{ overlap?: string; secret?: string; form?: string }>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, start] = useTransition();

  if (!open) {
    return (
      <span className="flex flex-col items-start gap-1.5">
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            setSaved(null);
            setOpen(true);
          }}
        >
          <RotateCw className="h-3.5 w-3.5" />
          Rotate secret
        </Button>
        {saved ? (
          <span role="status" className="text-xs text-emerald-700">
            {saved}
          </span>
        ) : null}
      </span>
    );
  }
  return (
    <form
      aria-label={`Rotate secret of ${sourceName}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (guide.secret === "provider" && secret.trim() === "") {
          setErrors({ secret: `Paste the new secret from ${guide.label}` });
          return;
        }
        start(async () => {
          setErrors({});
          const res = await action({
            sourceKey,
            overlapMinutes: overlap,
            ...(asks && secret.trim() !== "" ? { secret: secret.trim() } : {}),
          });
          if (!res.ok) {
            const overlapError = res.fieldErrors?.overlapMinutes?.[0];
            const secretError = res.fieldErrors?.secret?.[0];
            setErrors({
              overlap: overlapError,
              secret: secretError,
              form: overlapError || secretError ? undefined : res.message,
            });
            return;
          }
          setOpen(false);
          setSecret("");
          if (res.data.signingSecret) {
            onRotated({ kind: "rotated", preset: guide.id, ...res.data });
          } else {
            const until = res.data.previousSecretExpiresAt;
            setSaved(
              until
                ? `New secret saved. The previous one keeps working until ${formatDateTime(until)}.`
                : "New secret saved. The previous one stopped working at once.",
            );
          }
        });
      }}
      className="flex w-full max-w-xs flex-col gap-2"
    >
      <label className="text-xs font-medium text-slate-600">
        Old secret keeps working for
        <span className="mt-1 flex items-center gap-1.5 font-normal text-slate-600">
          <input
            name="overlapMinutes"
            type="number"
            min={0}
            value={overlap}
            onChange={(e) => setOverlap(e.target.value)}
            aria-invalid={!!errors.overlap}
            className={`${inputClass} w-20`}
          />
          minutes
        </span>
      </label>
      {errors.overlap ? <span className="text-xs text-red-600">{errors.overlap}</span> : null}
      {asks ? (
        <label className="text-xs font-medium text-slate-600">
          {guide.secret === "provider" ? `New secret from ${guide.label}` : "New secret (optional)"}
          <input
            name="secret"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            aria-invalid={!!errors.secret}
            aria-describedby={`${sourceKey}-secret-hint`}
            className={`${inputClass} mt-1 w-full font-mono`}
          />
          <span id={`${sourceKey}-secret-hint`} className="mt-1 block font-normal text-slate-500">
            {guide.secret === "provider"
              ? `Roll or regenerate it in ${guide.label} first, then paste it here. ${guide.secretHint ?? ""}`
              : guide.secretHint}
          </span>
        </label>
      ) : null}
      {errors.secret ? <span className="text-xs text-red-600">{errors.secret}</span> : null}
      {errors.form ? <span className="text-xs text-red-600">{errors.form}</span> : null}
      <span className="flex gap-1.5">
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Rotating…" : "Rotate"}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </span>
    </form>
  );
}
