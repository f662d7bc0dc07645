import type { z } from "zod";
import { can, type TPermission } from "@/lib/server/auth/permissions";
import type { TActor } from "./auth/actor";
import { auditDenied } from "@/lib/server/audit/denied";
import { getSessionActor, getTokenActor } from "./auth/current-user";
import { clientIp } from "./auth/client-ip";
import { passwordChangeRequired } from "./auth/password-change-required";
import { AppError, fieldErrorsFromIssues } from "./errors";
import { findJsonLimitBreach, JSON_LIMITS, type TJsonLimits } from "./json-limits";
import { problemResponse } from "./problem";
import { readTextWithin } from "./read-body";
import type { TRequestCtx } from "./request-context";
import { newRequestId } from "./request-id";
import { findUnstorableString } from "./unstorable";

type TApiContext<B, Q, P> = {
  req: Request;
  actor: TActor;
  body: B;
  query: Q;
  params: P;
  requestId: string;
  /** The caller's address (lib/server/auth/client-ip: TRUST_PROXY decides which header counts). */
  ip: string;
  /** `{ requestId, ip }`, to hand to the mutation as is. */
  ctx: TRequestCtx;
};

type TApiOptions<B, Q> = {
  /** Role check, made on the server against the role read from the database. */
  permission: TPermission;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Largest JSON body accepted (default 1 MB). */
  maxBodyBytes?: number;
  /** Shape limits of the body (default JSON_LIMITS: depth 64, 100,000 keys and items…). */
  bodyLimits?: TJsonLimits;
};

// Every answer of the REST API depends on who asks (or says who may not), so
// no browser, proxy or CDN may keep a copy. A handler that chose its own
// Cache-Control keeps it (the SSE stream's "no-store, no-transform").
const NO_STORE = "no-store";

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

const tooLarge = (maxBytes: number) =>
  new AppError({
    code: "PAYLOAD_TOO_LARGE",
    message: `Body is over the ${maxBytes} byte limit`,
    details: { limit: { name: "maxBytes", max: maxBytes } },
  });

/**
 * The one reader of JSON request bodies: content type, byte limit, parse, then
 * the shape limits (depth, keys and items, string length; lib/server/json-limits)
 * and text no database can store, each refused as a 4xx problem naming the limit
 * and the path. Every REST body goes through here (withApi's `body` option).
 */
export async function readJsonBody(
  req: Request,
  maxBytes: number,
  limits: TJsonLimits = JSON_LIMITS,
): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: `Send the body as application/json (got ${type ? `"${type.slice(0, 80)}"` : "no Content-Type"})`,
    });
  }
  const text = await readTextWithin(req, maxBytes);
  if (text === null) throw tooLarge(maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AppError({
      code: "MALFORMED_JSON",
      message: `Body is not valid JSON: ${(e as Error).message}`,
    });
  }
  const breach = findJsonLimitBreach(value, limits);
  if (breach) {
    const at = breach.path || "body";
    throw new AppError({
      code: breach.status === 413 ? "PAYLOAD_TOO_LARGE" : "VALIDATION_FAILED",
      message: `Invalid body: ${breach.path || "(root)"}: ${breach.message}`,
      details: {
        errors: { [at]: [breach.message] },
        ...(breach.max !== undefined ? { limit: { name: breach.limit, max: breach.max } } : {}),
      },
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

/**
 * The path with each route parameter's segment named (`/api/v1/users/{id}`):
 * refusals are counted per route, not per id, so guessing ids is one count.
 */
function routePattern(pathname: string, params: object): string {
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "string") byValue.set(value, name);
  }
  return pathname
    .split("/")
    .map((seg) => {
      let decoded = seg;
      try {
        decoded = decodeURIComponent(seg);
      } catch {}
      const name = byValue.get(decoded) ?? byValue.get(seg);
      return name ? `{${name}}` : seg;
    })
    .join("/");
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
      if (actor.mustChangePassword) throw passwordChangeRequired();
      if (!can(actor, opts.permission)) {
        const url = new URL(req.url);
        const route = routePattern(url.pathname, (await routeCtx?.params) ?? {});
        await auditDenied(
          actor,
          `${req.method} ${url.pathname}`,
          requestId,
          clientIp(req.headers),
          {
            key: `${req.method} ${route}`,
          },
        );
        throw new AppError({
          code: "FORBIDDEN",
          message: `Your role (${actor.role}) may not do this (needs ${opts.permission})`,
        });
      }
      const body = opts.body
        ? parseOrThrow(
            opts.body,
            await readJsonBody(req, opts.maxBodyBytes ?? 1_048_576, opts.bodyLimits),
            "body",
          )
        : (undefined as B);
      const query = opts.query
        ? parseOrThrow(
            opts.query,
            storableOrThrow(Object.fromEntries(new URL(req.url).searchParams), "query"),
            "query",
          )
        : (undefined as Q);
      const params = storableOrThrow((await routeCtx?.params) ?? ({} as P), "path");
      const ip = clientIp(req.headers);
      const ctx: TRequestCtx = { requestId, ip };
      const result = await handler({ req, actor, body, query, params, requestId, ip, ctx });
      if (result instanceof Response) {
        result.headers.set("x-request-id", requestId);
        if (!result.headers.has("cache-control")) result.headers.set("cache-control", NO_STORE);
        return result;
      }
      return Response.json(result, {
        headers: { "x-request-id": requestId, "cache-control": NO_STORE },
      });
    } catch (e) {
      return problemResponse(e, requestId, { "cache-control": NO_STORE });
    }
  };
}
