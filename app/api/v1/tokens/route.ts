import { findApiTokens } from "@/lib/api-tokens/data";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { ZCreateApiToken } from "@/lib/api-tokens/schema";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";
import { AppError } from "@/lib/server/errors";

export const GET = withApi({ permission: "tokens:own" }, async ({ actor }) => ({
  data: await findApiTokens(actor),
}));

/**
 * Answers the token itself this once; only its hash is kept. A Bearer-token
 * caller is refused (403): tokens are created from a signed-in session only
 * (createApiToken enforces it too).
 */
export const POST = withApi(
  { permission: "tokens:own", body: ZCreateApiToken },
  async ({ req, actor, body, requestId }) => {
    if (actor.via !== "session") {
      throw new AppError({
        code: "FORBIDDEN",
        message:
          "API tokens can be created only from a signed-in browser session, not with an API token",
      });
    }
    const ip = clientIp(req.headers);
    return Response.json(await createApiToken(actor, body, { requestId, ip }), { status: 201 });
  },
);
