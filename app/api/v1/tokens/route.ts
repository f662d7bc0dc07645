import { findApiTokens } from "@/lib/api-tokens/data";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { ZCreateApiToken } from "@/lib/api-tokens/schema";
import { withApi } from "@/lib/server/api";

export const GET = withApi({ permission: "tokens:own" }, async ({ actor }) => ({
  data: await findApiTokens(actor),
}));

/** Answers the token itself this once; only its hash is kept. */
export const POST = withApi(
  { permission: "tokens:own", body: ZCreateApiToken },
  async ({ actor, body, requestId }) =>
    Response.json(await createApiToken(actor, body, { requestId }), { status: 201 }),
);
