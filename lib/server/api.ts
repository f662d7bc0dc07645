import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { can, type TPermission } from "@/lib/users/policy";
import type { TActor } from "./auth/actor";
import { getSessionActor, getTokenActor } from "./auth/current-user";
import { clientIp } from "./auth/client-ip";
import { db } from "./db";
import { AppError, fieldErrorsFromIssues } from "./errors";
import { problemResponse } from "./problem";
import { newRequestId } from "./request-id";
import { findUnstorableString } from "./unstorable";

type TApiContext<B, Q, P> = {
  req: Request;
  actor: TActor;
  body: B;
  query: Q;
  params: P;
  requestId: string;
};

type TApiOptions<B, Q> = {
  /** Role check, made on the server against the role read from the database. */
  permission: TPermission;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Largest JSON body accepted (default 1 MB). */
  maxBodyBytes?: number;
};

/**
 * The caller of a REST request: `Authorization: Bearer <token>` when present
 * (a bad token is a 401, never a fallback to the cookie), otherwise the session.
 */
export async function authenticateRequest(req: Request): Promise<TActor | null> {
  const authz = req.headers.get("authorization");
  if (authz !== null) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz.trim());
    if (!m) return null;
    return getTokenActor(m[1]);
  }
  return getSessionActor();
}

/** Reads a JSON body with a size limit, mapping each failure to its status. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: `Send the body as application/json (got ${type ? `"${type.slice(0, 80)}"` : "no Content-Type"})`,
    });
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    throw new AppError({
      code: "PAYLOAD_TOO_LARGE",
      message: `Body is over the ${maxBytes} byte limit`,
    });
  }
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) {
    throw new AppError({
      code: "PAYLOAD_TOO_LARGE",
      message: `Body is over the ${maxBytes} byte limit`,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AppError({
      code: "MALFORMED_JSON",
      message: `Body is not valid JSON: ${(e as Error).message}`,
    });
  }
  const bad = findUnstorableString(value);
  if (bad) {
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: `Invalid body: ${bad.path || "(root)"}: ${bad.why}`,
      details: { errors: { [bad.path || "body"]: [bad.why] } },
    });
  }
  return value;
}

/** Query and path values go to the database too (`?q=%00` was a 500 on PostgreSQL). */
function storableOrThrow<T>(values: T, where: "query" | "path"): T {
  const bad = findUnstorableString(values);
  if (bad) {
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: `Invalid ${where}: ${bad.path}: ${bad.why}`,
      details: { errors: { [bad.path]: [bad.why] } },
    });
  }
  return values;
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: "body" | "query"): T {
  const res = schema.safeParse(value);
  if (!res.success) {
    const fields = fieldErrorsFromIssues(res.error.issues);
    const first = Object.entries(fields)[0];
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: first ? `Invalid ${where}: ${first[0]}: ${first[1][0]}` : `Invalid ${where}`,
      details: { errors: fields },
    });
  }
  return res.data;
}

/** Writes an `access.denied` audit entry for a signed-in caller refused by role. */
export async function auditDenied(actor: TActor, what: string, requestId: string, ip?: string) {
  await db.$transaction((tx) =>
    recordAudit(tx, {
      actor: { type: "USER", id: actor.id, label: actor.email },
      action: "access.denied",
      entityType: "route",
      entityId: what.slice(0, 200),
      reason: `role ${actor.role} lacks permission`,
      requestId,
      ip,
    }),
  );
}

/**
 * Wraps a REST route handler: request id → caller (token or session, re-read
 * from the database) → role check → body/query validation → handler, with
 * every failure answered as problem+json (401, 403, 400 with field errors…).
 */
export function withApi<B = undefined, Q = undefined, P = Record<string, string>>(
  opts: TApiOptions<B, Q>,
  handler: (ctx: TApiContext<B, Q, P>) => Promise<Response | object>,
) {
  return async (req: Request, routeCtx: { params: Promise<P> }): Promise<Response> => {
    const requestId = newRequestId();
    try {
      const actor = await authenticateRequest(req);
      if (!actor) {
        throw new AppError({
          code: "UNAUTHENTICATED",
          message: "Sign in, or send Authorization: Bearer <token>",
        });
      }
      if (!can(actor, opts.permission)) {
        const url = new URL(req.url);
        await auditDenied(actor, `${req.method} ${url.pathname}`, requestId, clientIp(req.headers));
        throw new AppError({
          code: "FORBIDDEN",
          message: `Your role (${actor.role}) may not do this (needs ${opts.permission})`,
        });
      }
      const body = opts.body
        ? parseOrThrow(opts.body, await readJsonBody(req, opts.maxBodyBytes ?? 1_048_576), "body")
        : (undefined as B);
      const query = opts.query
        ? parseOrThrow(
            opts.query,
            storableOrThrow(Object.fromEntries(new URL(req.url).searchParams), "query"),
            "query",
          )
        : (undefined as Q);
      const params = storableOrThrow((await routeCtx?.params) ?? ({} as P), "path");
      const result = await handler({ req, actor, body, query, params, requestId });
      if (result instanceof Response) {
        result.headers.set("x-request-id", requestId);
        return result;
      }
      return Response.json(result, { headers: { "x-request-id": requestId } });
    } catch (e) {
      return problemResponse(e, requestId);
    }
  };
}
