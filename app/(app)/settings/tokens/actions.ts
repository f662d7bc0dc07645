"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { ZCreateApiToken } from "@/lib/api-tokens/schema";
import { defineAction } from "@/lib/server/action";

export const createTokenAction = defineAction(
  { name: "tokens.create", permission: "tokens:own", input: ZCreateApiToken },
  async ({ actor, input, requestId, ip }) => {
    const created = await createApiToken(actor, input, { requestId, ip });
    revalidatePath("/settings/tokens");
    return { id: created.id, token: created.token, name: created.name };
  },
);

export const revokeTokenAction = defineAction(
  {
    name: "tokens.revoke",
    permission: "tokens:own",
    input: z.object({ tokenId: z.string().min(1) }),
  },
  async ({ actor, input, requestId, ip }) => {
    const res = await revokeApiToken(actor, input.tokenId, { requestId, ip });
    revalidatePath("/settings/tokens");
    return res;
  },
);
