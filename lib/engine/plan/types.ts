/**
 * Plain types shared by the pure engine: no Prisma, so the engine can be
 * tested without a database and the worker maps rows onto these explicitly.
 */
import type { TLoadedModel } from "@/lib/learning/classify";
import type { TWorkflowDefinition } from "@/lib/workflow-definition/schema";

/** Why an exception opened: the one list, owned by lib/exception-model (mirrors the Prisma enum). */
export type { TExceptionReason } from "@/lib/exception-model/allowed-actions";

/** A possible owner as the assignment strategies see them. */
export type TMember = {
  id: string;
  name: string;
  teamId: string | null;
  active: boolean;
  /** The member's own "taking work" switch. */
  available: boolean;
  outOfOfficeFrom?: Date | null;
  outOfOfficeUntil?: Date | null;
  /** Most open handoffs this member may hold. */
  capacity: number;
  openHandoffs: number;
  /** False for members who can be named but are not in team pools (managers). Default true. */
  inPool?: boolean;
};

export type TTeam = { id: string; name: string };

/** Everyone who could own work, loaded once per decision. */
export type TDirectory = { members: TMember[]; teams: TTeam[] };

/** One row of the per-team round-robin ledger (Prisma `RoundRobinLedger`). */
export type TLedgerRow = {
  teamId: string;
  userId: string;
  assignedCount: number;
  /** Admin correction added to assignedCount when choosing. */
  adjustment: number;
  weight: number;
  lastAssignedAt: Date | null;
};

/** Why a member was passed over. */
export type TSkipReason =
  "inactive" | "unavailable" | "out_of_office" | "at_capacity" | "zero_weight";

export type TSkipped = { userId: string; reason: TSkipReason; detail: string };

export type TAssignStrategy = "named" | "round_robin" | "territory" | "least_loaded";

export type TAssignFailure =
  "NO_ELIGIBLE_OWNER" | "NO_TERRITORY" | "UNKNOWN_USER" | "UNKNOWN_TEAM" | "OWNER_UNAVAILABLE";

/** The outcome of an assignment strategy; `explanation` is one plain-English clause. */
export type TAssignResult =
  | {
      ok: true;
      userId: string;
      teamId: string | null;
      strategy: TAssignStrategy;
      explanation: string;
      skipped: TSkipped[];
    }
  | {
      ok: false;
      reason: TAssignFailure;
      strategy: TAssignStrategy;
      teamId: string | null;
      explanation: string;
      skipped: TSkipped[];
    };

/** Everything an assignment strategy may look at. */
export type TAssignContext = {
  directory: TDirectory;
  ledger: readonly TLedgerRow[];
  /** Rule data (payload fields + `record`), read by territory. */
  data: Record<string, unknown>;
  now: Date;
};

/** The owner the engine would pick, offered to the person who confirms or approves. */
export type TSuggestion = { ownerId: string; teamId: string | null; ruleId: string };

/** A source's active workflow with its published version, as the engine plans with it. */
export type TLiveWorkflow = {
  id: string;
  name: string;
  ownerId: string | null;
  versionId: string;
  version: number;
  definition: TWorkflowDefinition;
  /** The workflow's active classifier version, when its definition has a classifier and a model is trained. */
  model?: TLoadedModel | null;
  /** Set while the drift fallback holds the classifier to suggesting (why, in a few words). */
  classifierPaused?: string | null;
};
