import { withApi } from "@/lib/server/api";

/** The caller's identity and role, by session or Bearer token. */
export const GET = withApi({ permission: "queue:view" }, async ({ actor }) => ({
  id: actor.id,
  email: actor.email,
  name: actor.name,
  role: actor.role,
  teamId: actor.teamId,
  authenticatedBy: actor.via,
}));
