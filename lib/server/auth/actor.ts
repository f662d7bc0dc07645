import type { TRole } from "./permissions";

/** The caller as re-read from the database on this request. */
export type TActor = {
  id: string;
  email: string;
  name: string;
  role: TRole;
  teamId: string | null;
  active: boolean;
  via: "session" | "token";
  /** The UserSession row behind a session caller (its `sid` claim); unset for tokens. */
  sessionId?: string;
  /** The ApiToken row behind a token caller; unset for sessions. */
  tokenId?: string;
  /** Set by an admin's password reset: until they choose a new one, only the change page works. */
  mustChangePassword?: boolean;
};

export function auditActor(actor: Pick<TActor, "id" | "email">) {
  return { type: "USER" as const, id: actor.id, label: actor.email };
}
