"use client";

import { Field, fieldAria } from "@/components/ui/field";
import { inputClass } from "@/components/ui/action-form";

export type TDestinationValues = {
  name: string;
  url: string;
  timeoutMs: number | string;
  maxAttempts: number | string;
  backoffBaseMs: number | string;
};

/** URL, timeout and retry policy inputs, shared by the create and edit forms. */
export function DestinationFields({
  id,
  values,
  error,
  disabled,
}: {
  id: string;
  values?: Partial<TDestinationValues>;
  error: (field: string) => string | undefined;
  disabled?: boolean;
}) {
  const num = (
    name: keyof TDestinationValues,
    label: string,
    hint: string,
    bounds: { min: number; max: number },
  ) => (
    <Field id={`${id}-${name}`} label={label} hint={hint} error={error(name)}>
      <input
        id={`${id}-${name}`}
        name={name}
        type="number"
        min={bounds.min}
        max={bounds.max}
        defaultValue={values?.[name]}
        disabled={disabled}
        className={inputClass}
        {...fieldAria(`${id}-${name}`, error(name), true)}
      />
    </Field>
  );
  return (
    <>
      <Field id={`${id}-name`} label="Name" error={error("name")}>
        <input
          id={`${id}-name`}
          name="name"
          defaultValue={values?.name}
          disabled={disabled}
          className={inputClass}
          {...fieldAria(`${id}-name`, error("name"))}
        />
      </Field>
      <Field
        id={`${id}-url`}
        label="URL"
        hint="http:// or https://; deliveries are POSTed here, redirects are not followed."
        error={error("url")}
        className="sm:col-span-2"
      >
        <input
          id={`${id}-url`}
          name="url"
          type="url"
          defaultValue={values?.url}
          disabled={disabled}
          spellCheck={false}
          placeholder="https://crm.example.com/hooks/baton"
          className={`${inputClass} font-mono text-xs`}
          {...fieldAria(`${id}-url`, error("url"), true)}
        />
      </Field>
      {num("timeoutMs", "Timeout (ms)", "100–30000; default 5000.", { min: 100, max: 30000 })}
      {num("maxAttempts", "Max attempts", "1–20, then dead-letter; default 6.", {
        min: 1,
        max: 20,
      })}
      {num("backoffBaseMs", "Backoff base (ms)", "First retry delay, doubling; default 1000.", {
        min: 100,
        max: 600000,
      })}
    </>
  );
}
