"use client";

import { Field, fieldAria } from "@/components/ui/field";
import { inputClass } from "@/components/ui/action-form";
import {
  SMTP_TLS_MODES,
  TLS_MODE_LABELS,
  type TPublicSmtpSettings,
} from "@/lib/destinations/email/schema";

/**
 * An email destination's SMTP server: host, port, TLS mode, credentials and
 * From address. The password is never sent back to the browser: a stored one
 * shows as "set", and a blank field keeps it.
 */
export function SmtpFields({
  id,
  values,
  error,
  disabled,
}: {
  id: string;
  values?: Partial<TPublicSmtpSettings>;
  error: (field: string) => string | undefined;
  disabled?: boolean;
}) {
  const text = (
    name: string,
    label: string,
    opts: {
      hint?: string;
      value?: string | number;
      type?: string;
      placeholder?: string;
      className?: string;
      autoComplete?: string;
    } = {},
  ) => (
    <Field
      id={`${id}-${name}`}
      label={label}
      hint={opts.hint}
      error={error(name)}
      className={opts.className}
    >
      <input
        id={`${id}-${name}`}
        name={name}
        type={opts.type ?? "text"}
        defaultValue={opts.value}
        placeholder={opts.placeholder}
        disabled={disabled}
        spellCheck={false}
        autoComplete={opts.autoComplete ?? "off"}
        className={inputClass}
        {...fieldAria(`${id}-${name}`, error(name), !!opts.hint)}
      />
    </Field>
  );
  return (
    <>
      {text("smtpHost", "SMTP host", {
        value: values?.host,
        placeholder: "smtp.example.com",
        className: "sm:col-span-2",
      })}
      {text("smtpPort", "Port", {
        value: values?.port ?? 587,
        type: "number",
        hint: "465 implicit TLS, 587 STARTTLS.",
      })}
      <Field id={`${id}-smtpTls`} label="TLS" error={error("smtpTls")}>
        <select
          id={`${id}-smtpTls`}
          name="smtpTls"
          defaultValue={values?.tls ?? "starttls"}
          disabled={disabled}
          className={inputClass}
          {...fieldAria(`${id}-smtpTls`, error("smtpTls"))}
        >
          {SMTP_TLS_MODES.map((m) => (
            <option key={m} value={m}>
              {TLS_MODE_LABELS[m]}
            </option>
          ))}
        </select>
      </Field>
      {text("smtpUsername", "Username", {
        value: values?.username,
        hint: "Blank: no authentication.",
        autoComplete: "off",
      })}
      {text("smtpPassword", "Password", {
        type: "password",
        autoComplete: "new-password",
        hint: values?.hasPassword
          ? "A password is set (stored encrypted). Leave blank to keep it."
          : "Stored encrypted; never shown again.",
      })}
      {text("smtpFrom", "From", {
        value: values?.from,
        placeholder: "Acme Sales <sales@acme.example>",
        className: "sm:col-span-3",
        hint: "The sender of every message; Message-IDs use its domain.",
      })}
    </>
  );
}
