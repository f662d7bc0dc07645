import { withApi } from "@/lib/server/api";
import { findUsers } from "@/lib/users/data";
import { createUser } from "@/lib/users/mutations/create-user";
import { ZCreateUser, ZUserListQuery } from "@/lib/users/schema";

export const GET = withApi({ permission: "users:view", query: ZUserListQuery }, ({ query }) =>
  findUsers(query),
);

export const POST = withApi(
  { permission: "users:edit", body: ZCreateUser },
  async ({ actor, body, requestId }) =>
    Response.json(await createUser(actor, body, { requestId }), { status: 201 }),
);
