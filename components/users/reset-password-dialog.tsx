"use client";

import { useEffect, useRef, useState } from "react";
import type { resetPasswordAction } from "@/app/(app)/users/actions";
import {
  FormStatus,
  inputClass,
  type TActionData,
  useActionForm,
} from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Field, fieldAria } from "@/components/ui/field";

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Four groups of four from 31 characters: ~79 random bits, easy to read out. */
function randomTemporaryPassword(): string {
  const bytes = crypto.getRandomValues(new Uint32Array(16));
  const chars = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join("")).join("-");
}

/**
 * An admin sets a temporary password for someone else. The server applies
 * the password policy, ends all their sessions and makes them choose a new
 * password when they next sign in.
 */
export function ResetPasswordDialog({
  user,
  action,
  onClose,
}: {
  user: { id: string; name: string; email: string };
  action: typeof resetPasswordAction;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState("");
  const [done, setDone] = useState<TActionData<typeof resetPasswordAction> | null>(null);
  const { run, pending, fieldError, otherError: formError } = useActionForm(action);
  const id = `reset-${user.id}`;

  // Modal: focus moves in, Escape and Cancel close it (onClose unmounts it).
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg bg-white p-5 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
    >
      <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
        Reset password of {user.name}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {user.email} is signed out everywhere at once, their API tokens are revoked, and they must
        choose a new password at their next sign-in. Give them the temporary password by a channel
        you trust.
      </p>
      {done ? (
        <div className="mt-4 space-y-4">
          <p role="status" className="text-sm text-emerald-700">
            Password reset.{" "}
            {done.sessionsEnded === 1
              ? "1 session was ended."
              : `${done.sessionsEnded} sessions were ended.`}
          </p>
          <Button type="button" onClick={() => dialog.current?.close()}>
            Close
          </Button>
        </div>
      ) : (
        <form
          aria-label={`Reset password of ${user.name}`}
          noValidate
          className="mt-4 space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            run({ userId: user.id, password }, (data) => setDone(data));
          }}
        >
          <Field
            id={`${id}-password`}
            label="Temporary password"
            hint="At least 10 characters, not from a leaked list, not their name or email."
            error={fieldError("password")}
          >
            <div className="flex gap-2">
              <input
                id={`${id}-password`}
                name="password"
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                className={`${inputClass} font-mono`}
                {...fieldAria(`${id}-password`, fieldError("password"), true)}
              />
              <Button
                type="button"
                variant="secondary"
                className="mt-1 shrink-0"
                onClick={() => setPassword(randomTemporaryPassword())}
              >
                Generate
              </Button>
            </div>
          </Field>
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? "Resetting…" : "Reset password"}
            </Button>
            <Button type="button" variant="ghost" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <FormStatus error={formError} />
          </div>
        </form>
      )}
    </dialog>
  );
}
