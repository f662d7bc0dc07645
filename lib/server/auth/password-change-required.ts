import { AppError } from "../errors";

/** Where a user whose password an admin reset is sent until they choose a new one. */
export const PASSWORD_CHANGE_PATH = "/account/password";

/**
 * An admin reset the caller's password: every REST call (token or session) and
 * every server action but the change itself is refused until they choose one.
 * Pages redirect to PASSWORD_CHANGE_PATH instead (requireUser).
 */
export function passwordChangeRequired() {
  return new AppError({
    code: "PASSWORD_CHANGE_REQUIRED",
    message: `An admin reset your password: choose a new one at ${PASSWORD_CHANGE_PATH} first`,
  });
}
