import type { TActor } from "@/lib/server/auth/actor";
import { AppError, type TFieldErrors } from "@/lib/server/errors";
import { assertCan } from "@/lib/server/auth/permissions";

/**
 * Workflow writes, test runs and backtests are for admins. Checked in the
 * domain too, so a caller that forgot the route's check still cannot write.
 */
export function assertCanEditWorkflows(actor: TActor) {
  assertCan(actor, "workflows:edit", "change workflows");
}

/** Field errors of a definition, keyed under `definition.` as the request sent it. */
export function definitionErrors(errors: TFieldErrors, message: string): AppError {
  const prefixed = Object.fromEntries(
    Object.entries(errors).map(([path, msgs]) => [`definition.${path}`, msgs]),
  );
  const [firstPath, firstMsgs] = Object.entries(errors)[0] ?? ["", [""]];
  return new AppError({
    code: "VALIDATION_FAILED",
    message: `${message} (${firstPath}: ${firstMsgs[0]}${Object.keys(errors).length > 1 ? `; and ${Object.keys(errors).length - 1} more` : ""})`,
    details: { errors: prefixed },
  });
}

export function notFound(): AppError {
  return new AppError({ code: "NOT_FOUND", message: "No such workflow" });
}
