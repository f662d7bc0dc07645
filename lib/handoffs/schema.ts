import { z } from "zod";
import { zSortQuery } from "@/lib/server/sort-query";

/** Inputs of the inbox: the list query and an agent's actions on a handoff. Zod only. */

const ZVersion = z.coerce.number().int().min(0).max(1_000_000_000);
const ZNote = z.string().trim().max(2000);

export const HANDOFF_ACTIONS = ["accept", "complete", "hand_back", "ask_manager"] as const;
export type THandoffAction = (typeof HANDOFF_ACTIONS)[number];

/** An action on one handoff, naming the `version` the agent saw. */
export const ZHandoffAction = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept"), version: ZVersion, note: ZNote.optional() }),
  z.object({
    action: z.literal("complete"),
    version: ZVersion,
    /** One of the workflow version's `outcomes`. */
    outcome: z.string().trim().min(1, "Choose an outcome").max(80),
    note: ZNote.optional(),
  }),
  z.object({
    action: z.literal("hand_back"),
    version: ZVersion,
    reason: z.string().trim().min(3, "Say why you hand it back (at least 3 characters)").max(2000),
  }),
  z.object({
    action: z.literal("ask_manager"),
    version: ZVersion,
    /** The question for the manager. */
    note: z.string().trim().min(3, "Write your question (at least 3 characters)").max(2000),
  }),
]);
export type THandoffActionInput = z.output<typeof ZHandoffAction>;

/**
 * A destination reporting a handoff's outcome back (a CRM marking the deal
 * won): `POST /api/v1/destinations/{key}/outcomes`, signed with Standard
 * Webhooks and the destination's own signing secret.
 */
export const ZOutcomeCallback = z.object({
  /** The handoff Baton sent to this destination (`handoff.id` in the delivery). */
  handoffId: z.string().trim().min(1, "Name the handoff").max(64),
  /** One of the workflow version's `outcomes`. */
  outcome: z.string().trim().min(1, "Say the outcome").max(80),
  note: ZNote.optional(),
});
export type TOutcomeCallback = z.output<typeof ZOutcomeCallback>;
export type TAcceptInput = Extract<THandoffActionInput, { action: "accept" }>;
export type TCompleteInput = Extract<THandoffActionInput, { action: "complete" }>;
export type THandBackInput = Extract<THandoffActionInput, { action: "hand_back" }>;
export type TAskManagerInput = Extract<THandoffActionInput, { action: "ask_manager" }>;

/**
 * `GET /api/v1/handoffs`: whose handoffs ("me", or a user id for managers
 * and admins) and which view: open, done, or "left" (handoffs that left the
 * caller's inbox, with why).
 */
/**
 * The inbox's sortable columns and each one's first direction. Without a sort
 * the open list is most urgent first (due time) and the finished list most
 * recently finished first.
 */
export const HANDOFF_SORTS = {
  due: "asc",
  created: "desc",
  state: "asc",
  outcome: "asc",
} as const satisfies Record<string, "asc" | "desc">;
export type THandoffSort = keyof typeof HANDOFF_SORTS;

/** "Left my inbox" sorts by when (newest first by default) or why it left. */
export const LEFT_INBOX_SORTS = { at: "desc", why: "asc" } as const satisfies Record<
  string,
  "asc" | "desc"
>;
export type TLeftInboxSort = keyof typeof LEFT_INBOX_SORTS;

export const ZHandoffListQuery = z.object({
  owner: z.string().trim().min(1).max(64).default("me"),
  view: z.enum(["open", "done", "left"]).default("open"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  perPage: z.coerce.number().int().min(1).max(200).default(50),
  ...zSortQuery(HANDOFF_SORTS).shape,
});
export type THandoffListQuery = z.output<typeof ZHandoffListQuery>;
