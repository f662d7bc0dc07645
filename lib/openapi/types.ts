import type { z } from "zod";
import type { TPermission } from "@/lib/server/auth/permissions";
import type { TProblemStatus, TSchemaName } from "./components";

/** A JSON object in the document (an OpenAPI or JSON Schema node). */
export type TJson = Record<string, unknown>;

export type THeaderParam = { name: string; description: string; required: boolean };

/**
 * One documented operation. Problem answers implied by the route wrapper
 * (401/403 for a permission, 400/413/415 for a body, 400 for a query, 404 for
 * a path parameter) are added by the builder; `problems` and `problemDetails`
 * list the rest, or `ownProblems` replaces them all for a route that does not
 * use withApi.
 */
export type TOperation = {
  path: string;
  method: "get" | "post" | "put" | "patch" | "delete";
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** null: public, no session or token (the signature or nothing authenticates). */
  permission: TPermission | null;
  params?: Record<string, string>;
  query?: z.ZodObject;
  /** What each query parameter means, by name (the schema gives its type and limits). */
  queryDocs?: Record<string, string>;
  headers?: THeaderParam[];
  /** A named schema, or "any-object" for a free-form JSON object (the ingest body). */
  body?: TSchemaName | "any-object";
  /** Media types the body may come as; default application/json (a website form takes others). */
  bodyMediaTypes?: string[];
  responses: Record<
    number,
    {
      description: string;
      schema?: TSchemaName | "any-object";
      /** Default application/json; a stream names its own (text/event-stream). */
      mediaType?: string;
    }
  >;
  problems?: TProblemStatus[];
  /**
   * Problems with a meaning (or a body) of their own for this operation, such
   * as a 409 that carries the fresh state in `current`. Added to the others.
   */
  problemDetails?: Partial<Record<TProblemStatus, { description: string; schema?: TSchemaName }>>;
  ownProblems?: Partial<Record<TProblemStatus, string>>;
};
