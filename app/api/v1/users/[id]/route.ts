import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";
import { getUser } from "@/lib/users/data";
import { updateUser } from "@/lib/users/mutations/update-user";
import { ZUpdateUser } from "@/lib/users/schema";

type TParams = { id: string };

export const GET = withApi<undefined, undefined, TParams>(
  { permission: "users:view" },
  async ({ params }) => {
    const user = await getUser(params.id);
    if (!user) throw new AppError({ code: "NOT_FOUND", message: "No such user" });
    return user;
  },
);

export const PATCH = withApi<typeof ZUpdateUser._output, undefined, TParams>(
  { permission: "users:edit", body: ZUpdateUser },
  ({ actor, body, params, requestId }) => updateUser(actor, params.id, body, { requestId }),
);
