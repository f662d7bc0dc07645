import { z } from "zod";

/** The workflows list's sortable columns and each one's first direction (by name unless sorted). */
export const WORKFLOW_SORTS = {
  name: "asc",
  trigger: "asc",
  owner: "asc",
} as const satisfies Record<string, "asc" | "desc">;
export type TWorkflowSort = keyof typeof WORKFLOW_SORTS;

// ── Requests: the workflow API's bodies and queries (they wrap the definition) ──
/** A definition as sent by a client: checked by the mutation, which names each bad field. */
const ZDefinitionInput = z
  .record(z.string(), z.unknown())
  .meta({ description: "A workflow definition (see WorkflowDefinition)" });

export const ZCreateWorkflow = z.object({
  name: z.string().trim().min(1, "Give the workflow a name").max(120),
  key: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "Use 2–63 lowercase letters, digits and dashes")
    .optional()
    .meta({ description: "Unique key; derived from the name when left out" }),
  description: z.string().trim().max(500).optional(),
  sourceId: z.string().min(1, "Choose the source whose events start this workflow"),
  ownerId: z.string().min(1).nullable().optional(),
  definition: ZDefinitionInput.optional().meta({
    description: "The first draft; a starter draft (no rules yet) when left out",
  }),
});
export type TCreateWorkflow = z.infer<typeof ZCreateWorkflow>;

export const ZSaveDraft = z.object({
  name: z.string().trim().min(1, "Give the workflow a name").max(120).optional(),
  description: z.string().trim().max(500).nullable().optional(),
  ownerId: z.string().min(1).nullable().optional(),
  active: z.boolean().optional(),
  definition: ZDefinitionInput.optional(),
  /** The `updatedAt` the editor loaded: a save over someone else's newer save is refused (409). */
  expectedUpdatedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: "The workflow's `updatedAt` as the caller saw it; 409 if it moved" }),
});
export type TSaveDraft = z.infer<typeof ZSaveDraft>;

export const ZPublishWorkflow = z.object({
  note: z.string().trim().max(500).optional(),
});

export const ZRollbackWorkflow = z.object({
  version: z.int().positive().meta({ description: "The earlier version to publish again" }),
  note: z.string().trim().max(500).optional(),
});

export const ZTestWorkflow = z.object({
  payload: z
    .record(z.string(), z.unknown())
    .meta({ description: "A sample event body, as the source would send it" }),
  definition: ZDefinitionInput.optional().meta({
    description: "Test this definition instead of the saved draft",
  }),
});

export const BACKTEST_MAX_EVENTS = 5000;

export const ZBacktestWorkflow = z.object({
  days: z.int().min(1, "At least 1 day").max(90, "At most 90 days").default(7),
  definition: ZDefinitionInput.optional().meta({
    description: "Backtest this definition instead of the saved draft",
  }),
});

/** A side of a diff: a version number or the draft. */
const ZDiffSide = z.union([z.literal("draft"), z.coerce.number().int().positive()]);

export const ZDiffQuery = z.object({
  from: ZDiffSide.meta({ description: "A version number, or `draft`" }),
  to: ZDiffSide.meta({ description: "A version number, or `draft`" }),
});
export type TDiffSide = z.infer<typeof ZDiffQuery>["from"];
