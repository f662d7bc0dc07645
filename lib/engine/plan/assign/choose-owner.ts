import type { TAssignment } from "@/lib/workflow-definition/schema";
import type { TAssignContext, TAssignResult } from "@/lib/engine/plan/types";
import { leastLoaded } from "@/lib/engine/plan/assign/least-loaded";
import { named } from "@/lib/engine/plan/assign/named";
import { roundRobin } from "@/lib/engine/plan/assign/round-robin";
import { territory } from "@/lib/engine/plan/assign/territory";

/** Runs a rule's assignment strategy. Pure: the caller persists the ledger update. */
export function chooseOwner(assign: TAssignment, ctx: TAssignContext): TAssignResult {
  switch (assign.strategy) {
    case "named":
      return named(assign, ctx);
    case "round_robin":
      return roundRobin({ teamId: assign.teamId, weights: assign.weights, cap: assign.cap }, ctx);
    case "least_loaded":
      return leastLoaded(assign, ctx);
    case "territory":
      return territory(assign, ctx);
  }
}
