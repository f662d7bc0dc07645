import { headers } from "next/headers";
import type { z } from "zod";
import { can, type TPermission } from "@/lib/server/auth/permissions";
import { auditDenied } from "@/lib/server/audit/denied";
import type { TActor } from "./auth/actor";
import { clientIp } from "./auth/client-ip";
import { getSessionActor } from "./auth/current-user";
import { passwordChangeRequired } from "./auth/password-change-required";
import {
  ERROR_CODES,
  fieldErrorsFromIssues,
  isAppError,
  type TErrorCode,
  type TFieldErrors,
} from "./errors";
import { describeBreach, findJsonLimitBreach } from "./json-limits";
import { logger } from "./logger";
import type { TRequestCtx } from "./request-context";
import { newRequestId } from "./request-id";

export type TActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: TErrorCode;
      /** The HTTP status the same refusal gets from the REST API (403, 409…). */
      status: number;
      message: string;
      fieldErrors?: TFieldErrors;
      requestId: string;
    };

function formDataToObject(fd: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of fd.entries()) {
    if (key.startsWith("$ACTION")) continue;
    out[key] = typeof value === "string" ? value : value.name;
  }
  return out;
}

/**
 * What a defined action declares, readable on the server-side function so the
 * permission matrix test can find every action and the permission it checks.
 */
export type TActionMeta = { actionName: string; permission: TPermission };

/** True for a function built by defineAction (it carries its name and permission). */
export function isDefinedAction(
  fn: unknown,
): fn is ((raw: unknown) => Promise<TActionResult<unknown>>) & TActionMeta {
  return typeof fn === "function" && "permission" in fn && "actionName" in fn;
}

/**
 * Every server action goes through this chain: request id → session → user
 * re-read from the database → role check → input schema → the domain call.
 * It never throws to the client: refusals come back as `{ ok: false, code }`.
 */
export function defineAction<S extends z.ZodType, T>(
  opts: {
    name: string;
    permission: TPermission;
    input: S;
    /** Only the password change itself runs for a user who must change their password. */
    allowPasswordChange?: boolean;
  },
  fn: (ctx: {
    actor: TActor;
    input: z.output<S>;
    requestId: string;
    ip: string;
    /** `{ requestId, ip }`, to hand to the mutation as is. */
    ctx: TRequestCtx;
  }) => Promise<T>,
) {
  const action = async (raw: z.input<S> | FormData): Promise<TActionResult<T>> => {
    const requestId = newRequestId();
    const fail = (code: TErrorCode, message: string, fieldErrors?: TFieldErrors) => ({
      ok: false as const,
      code,
      status: ERROR_CODES[code],
      message,
      fieldErrors,
      requestId,
    });
    const ip = clientIp(await headers());
    try {
      const actor = await getSessionActor();
      if (!actor) return fail("UNAUTHENTICATED", "Your session has ended. Sign in again.");
      if (actor.mustChangePassword && !opts.allowPasswordChange) {
        return fail("PASSWORD_CHANGE_REQUIRED", passwordChangeRequired().message);
      }
      if (!can(actor, opts.permission)) {
        await auditDenied(actor, `action ${opts.name}`, requestId, ip);
        return fail("FORBIDDEN", `Your role (${actor.role}) may not do this.`);
      }
      const input = raw instanceof FormData ? formDataToObject(raw) : raw;
      // The same shape limits as a REST body: React decodes the arguments,
      // but nothing bounds their nesting or size before the schema runs.
      const breach = findJsonLimitBreach(input);
      if (breach) {
        return fail(
          breach.status === 413 ? "PAYLOAD_TOO_LARGE" : "VALIDATION_FAILED",
          describeBreach(breach),
          {
            [breach.path || "_"]: [breach.message],
          },
        );
      }
      const parsed = opts.input.safeParse(input);
      if (!parsed.success) {
        return fail(
          "VALIDATION_FAILED",
          "Check the highlighted fields.",
          fieldErrorsFromIssues(parsed.error.issues),
        );
      }
      return {
        ok: true,
        data: await fn({ actor, input: parsed.data, requestId, ip, ctx: { requestId, ip } }),
      };
    } catch (e) {
      if (isAppError(e)) {
        const fields = e.details?.errors as TFieldErrors | undefined;
        return fail(e.code, e.message, fields);
      }
      logger.error({ err: e, requestId, action: opts.name }, "server action failed");
      return fail("INTERNAL", "Something went wrong on our side. Try again.");
    }
  };
  const meta: TActionMeta = { actionName: opts.name, permission: opts.permission };
  return Object.assign(action, meta);
}
