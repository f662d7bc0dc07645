"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, fieldAria } from "@/components/ui/field";
import { FormStatus, inputClass, useActionForm } from "@/components/ui/action-form";
import type { changePasswordAction } from "@/app/(app)/account/password/actions";

/**
 * The signed-in user's own password change: the current password, then the
 * new one twice. The server checks everything (the policy too); after a
 * forced change the whole app loads again, with its navigation.
 */
export function ChangePasswordForm({
  email,
  forced,
  action,
}: {
  email: string;
  forced: boolean;
  action: typeof changePasswordAction;
}) {
  const { run, pending, fieldError, otherError: formError } = useActionForm(action);
  const [done, setDone] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);

  return (
    <form
      ref={form}
      aria-label="Change password"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const s = (k: string) => String(fd.get(k) ?? "");
        setDone(null);
        run(
          {
            currentPassword: s("currentPassword"),
            newPassword: s("newPassword"),
            confirmPassword: s("confirmPassword"),
          },
          ({ sessionsEnded }) => {
            form.current?.reset();
            if (forced) {
              // A full load: the layout around this page changes (the navigation
              // comes back), and a client-side navigation would keep the old one.
              // eslint-disable-next-line @next/next/no-location-assign-relative-destination
              window.location.assign("/");
              return;
            }
            setDone(
              sessionsEnded > 0
                ? `Password changed. Your ${sessionsEnded === 1 ? "other session was" : `${sessionsEnded} other sessions were`} signed out.`
                : "Password changed.",
            );
          },
        );
      }}
      className="max-w-md space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200"
    >
      {/* For password managers: which account this password belongs to. */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <Field id="current-password" label="Current password" error={fieldError("currentPassword")}>
        <input
          id="current-password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
          {...fieldAria("current-password", fieldError("currentPassword"))}
        />
      </Field>
      <Field
        id="new-password"
        label="New password"
        hint="At least 10 characters. Several unrelated words make a strong password that is easy to remember. Not your name or email, and not one from a leaked list."
        error={fieldError("newPassword")}
      >
        <input
          id="new-password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={1024}
          className={inputClass}
          {...fieldAria("new-password", fieldError("newPassword"), true)}
        />
      </Field>
      <Field
        id="confirm-password"
        label="Repeat new password"
        error={fieldError("confirmPassword")}
      >
        <input
          id="confirm-password"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          className={inputClass}
          {...fieldAria("confirm-password", fieldError("confirmPassword"))}
        />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </Button>
        <FormStatus error={formError} ok={done} />
      </div>
    </form>
  );
}
