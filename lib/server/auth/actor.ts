import type { TRole } from "@/lib/users/policy";

/** The caller as re-read from the database on this request. */
export type TActor = {
  id: string;
  email: string;
  name: string;
  role: TRole;
  teamId: string | null;
  active: boolean;
  via: "session" | "token";
};

export function auditActor(actor: Pick<TActor, "id" | "email">) {
  return { type: "USER" as const, id: actor.id, label: actor.email };
}
