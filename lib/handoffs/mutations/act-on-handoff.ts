import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import type { TActor } from "@/lib/server/auth/actor";
import type { THandoffActionInput } from "../schema";
import { acceptHandoff } from "./accept-handoff";
import { askManager } from "./ask-manager";
import { completeHandoff } from "./complete-handoff";
import { handBackHandoff } from "./hand-back-handoff";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * One inbox action (the REST endpoint's body). Answers `{ handoff }` with
 * the fresh state, plus `exceptionId` when the action opened an exception.
 */
export async function actOnHandoff(
  actor: TActor,
  handoffId: string,
  input: THandoffActionInput,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "handoffs:act", "act on handoffs");
  switch (input.action) {
    case "accept":
      return { handoff: await acceptHandoff(actor, handoffId, input, ctx), exceptionId: null };
    case "complete":
      return { handoff: await completeHandoff(actor, handoffId, input, ctx), exceptionId: null };
    case "hand_back":
      return handBackHandoff(actor, handoffId, input, ctx);
    case "ask_manager":
      return askManager(actor, handoffId, input, ctx);
  }
}
