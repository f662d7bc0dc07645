import { z } from "zod";
import { PERMISSIONS, type TPermission, type TRole } from "@/lib/server/auth/permissions";
import {
  componentSchemas,
  JSON_SCHEMA_OPTIONS,
  PROBLEMS,
  SCHEMA_REF,
  type TProblemStatus,
  type TSchemaName,
} from "./components";
import { OPERATIONS } from "./operations";
import type { TJson, TOperation } from "./types";

const ROLE_ORDER: readonly TRole[] = ["AGENT", "MANAGER", "ADMIN"];
const PROBLEM_JSON = "application/problem+json";

function schemaFor(name: TSchemaName | "any-object"): TJson {
  return name === "any-object"
    ? { type: "object", additionalProperties: true }
    : { $ref: `${SCHEMA_REF}${name}` };
}

/** The least role holding a permission: roles are nested, so it names the whole set. */
function requiredRole(permission: TPermission): TRole {
  const allowed = PERMISSIONS[permission] as readonly TRole[];
  return ROLE_ORDER.find((r) => allowed.includes(r)) ?? "ADMIN";
}

function accessFields(op: TOperation): TJson {
  if (op.permission === null) {
    return {
      description: [op.description, "Public: no session or token needed."]
        .filter(Boolean)
        .join("\n\n"),
      security: [],
      "x-required-role": "none",
    };
  }
  const role = requiredRole(op.permission);
  const roles = (PERMISSIONS[op.permission] as readonly TRole[]).join(", ");
  return {
    description: [
      op.description,
      `Required role: ${role} (any of ${roles}; permission \`${op.permission}\`).`,
    ]
      .filter(Boolean)
      .join("\n\n"),
    "x-required-role": role,
    "x-permission": op.permission,
  };
}

function problemResponses(op: TOperation): TJson {
  if (op.ownProblems) {
    return Object.fromEntries(
      Object.entries(op.ownProblems).map(([status, description]) => [
        status,
        { description, content: { [PROBLEM_JSON]: { schema: schemaFor("Problem") } } },
      ]),
    );
  }
  // What withApi itself answers, given what the operation declares.
  const details = op.problemDetails ?? {};
  const statuses = new Set<TProblemStatus>([
    ...(op.problems ?? []),
    ...(Object.keys(details).map(Number) as TProblemStatus[]),
  ]);
  const add = (...s: TProblemStatus[]) => s.forEach((x) => statuses.add(x));
  if (op.permission) add(401, 403);
  if (op.body) add(400, 413, 415);
  if (op.query) add(400);
  if (op.params) add(404);
  return Object.fromEntries(
    [...statuses]
      .sort((a, b) => a - b)
      .map((s) => {
        const own = details[s];
        const response = own
          ? {
              description: own.description,
              content: { [PROBLEM_JSON]: { schema: schemaFor(own.schema ?? "Problem") } },
            }
          : { $ref: `#/components/responses/${PROBLEMS[s][0]}` };
        return [String(s), response];
      }),
  );
}

/**
 * A query parameter's schema as a URL can carry it: withApi reads one value
 * per name, so the array branch of a schema that also takes a
 * comma-separated string (`reason`) is left out.
 */
function queryValueSchema(schema: TJson): TJson {
  const branches = schema.anyOf as TJson[] | undefined;
  if (!branches) return schema;
  const { anyOf: _a, ...rest } = schema;
  const single = branches.filter((b) => b.type !== "array");
  return single.length === 1 ? { ...rest, ...single[0] } : { ...rest, anyOf: single };
}

function parameters(op: TOperation): TJson[] {
  const out: TJson[] = Object.entries(op.params ?? {}).map(([name, description]) => ({
    name,
    in: "path",
    required: true,
    description,
    schema: { type: "string" },
  }));
  if (op.query) {
    const q = z.toJSONSchema(op.query, JSON_SCHEMA_OPTIONS) as TJson;
    const required = new Set((q.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((q.properties ?? {}) as Record<string, TJson>)) {
      const description = op.queryDocs?.[name];
      out.push({
        name,
        in: "query",
        required: required.has(name),
        ...(description ? { description } : {}),
        schema: queryValueSchema(schema),
      });
    }
  }
  for (const h of op.headers ?? []) {
    out.push({ ...h, in: "header", schema: { type: "string" } });
  }
  return out;
}

function successResponse(r: TOperation["responses"][number]): TJson {
  const mediaType = r.mediaType ?? "application/json";
  // A non-JSON body (an event stream) is documented as text.
  const schema = r.schema
    ? schemaFor(r.schema)
    : mediaType === "application/json"
      ? null
      : { type: "string" };
  return {
    description: r.description,
    ...(schema ? { content: { [mediaType]: { schema } } } : {}),
  };
}

function operationObject(op: TOperation): TJson {
  const params = parameters(op);
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: [op.tag],
    ...accessFields(op),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              (op.bodyMediaTypes ?? ["application/json"]).map((m) => [
                m,
                { schema: schemaFor(op.body!) },
              ]),
            ),
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(op.responses).map(([status, r]) => [status, successResponse(r)]),
      ),
      ...problemResponses(op),
    },
  };
}

/**
 * Builds the OpenAPI 3.1 document of the REST API from OPERATIONS and the
 * zod schemas the routes validate with (JSON Schema 2020-12, as 3.1 expects).
 */
export function buildOpenApiDocument(): TJson {
  const paths: Record<string, Record<string, TJson>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.1",
    info: {
      title: "Baton REST API",
      version: "1",
      description:
        "Handoff & exception-queue console. Errors are RFC 9457 problem+json. Authenticate " +
        "with `Authorization: Bearer bt_…` (a personal API token) or the session cookie.",
    },
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "bt_…",
          description: "A personal API token (Settings → API tokens); it carries its owner's role.",
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The browser session (`__Secure-next-auth.session-token` over HTTPS).",
        },
      },
      schemas: componentSchemas(),
      responses: Object.fromEntries(
        Object.values(PROBLEMS).map(([name, description]) => [
          name,
          { description, content: { [PROBLEM_JSON]: { schema: schemaFor("Problem") } } },
        ]),
      ),
    },
  };
}

let cached: TJson | undefined;

/** The document, built once per process: it depends on code only. */
export function getOpenApiDocument(): TJson {
  cached ??= buildOpenApiDocument();
  return cached;
}
