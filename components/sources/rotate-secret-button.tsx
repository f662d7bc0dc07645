"use client";

import { RotateCw } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
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
}) => Promise<TRotateSecretResult>;

/**
 * "Rotate secret" for one source: asks how long the old secret keeps working
 * (default 60 minutes, so senders can switch without dropping events), then
 * hands the new secret up to be shown once.
 */
export function RotateSecretButton({
  sourceKey,
  sourceName,
  action,
  onRotated,
}: {
  sourceKey: string;
  sourceName: string;
  action: TRotateSecretAction;
  onRotated: (secret: TRevealedSecret) => void;
}) {
  const [open, setOpen] = useState(false);
  const [overlap, setOverlap] = useState("60");
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();

  if (!open) {
    return (
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        <RotateCw className="h-3.5 w-3.5" />
        Rotate secret
      </Button>
    );
  }
  return (
    <form
      aria-label={`Rotate secret of ${sourceName}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          setError(undefined);
          const res = await action({ sourceKey, overlapMinutes: overlap });
          if (res.ok) {
            setOpen(false);
            onRotated({ kind: "rotated", ...res.data });
          } else {
            setError(res.fieldErrors?.overlapMinutes?.[0] ?? res.message);
          }
        });
      }}
      className="flex w-56 flex-col gap-2"
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
            aria-invalid={!!error}
            className="block w-20 rounded-md border-0 px-2 py-1 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset aria-invalid:ring-red-400"
          />
          minutes
        </span>
      </label>
      {error ? <span className="text-xs text-red-600">{error}</span> : null}
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
