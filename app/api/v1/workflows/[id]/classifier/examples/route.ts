import { importRecords } from "@/lib/learning/import-body";
import { importExamples } from "@/lib/learning/mutations/examples";
import { ZImportQuery } from "@/lib/learning/schema";
import { withApi } from "@/lib/server/api";

type TParams = { id: string };

/**
 * Imports labelled history. Every row is checked; with any bad row nothing
 * is imported and the 400 lists each by line and field (`details.rows`),
 * unless `?skipInvalid=true`.
 */
export const POST = withApi<undefined, { skipInvalid: "true" | "false" }, TParams>(
  { permission: "workflows:edit", query: ZImportQuery },
  async ({ actor, params, query, req, ctx }) =>
    Response.json(
      await importExamples(actor, params.id, await importRecords(req), {
        origin: "API",
        skipInvalid: query.skipInvalid === "true",
        ctx,
      }),
      { status: 201 },
    ),
);
