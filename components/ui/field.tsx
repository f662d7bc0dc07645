import type { ReactNode } from "react";
import { cn } from "./cn";

/**
 * A label above its control, with an optional hint and the field's error
 * below. The control takes `id` and `{...fieldAria(id, error, !!hint)}`, so
 * its accessible name is the label alone and the hint and error are read as
 * its description.
 */
export function Field({
  id,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("min-w-0", className)}>
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** aria-invalid and aria-describedby for a control inside `Field`. */
export function fieldAria(id: string, error: string | undefined, hasHint = false) {
  const describedBy = [error ? `${id}-error` : null, hasHint ? `${id}-hint` : null]
    .filter(Boolean)
    .join(" ");
  return { "aria-invalid": !!error, "aria-describedby": describedBy || undefined };
}
