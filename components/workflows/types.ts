import type {
  backtestAction,
  diffAction,
  discardDraftAction,
  publishAction,
  rollbackAction,
  saveDraftAction,
  testRunAction,
} from "@/app/(app)/workflows/[id]/actions";
import type { TPlain } from "@/lib/server/plain";
import type { TRule, TWorkflowDefinition } from "@/lib/workflow-definition/schema";
import type { TEditorOptions, TWorkflowDetail } from "@/lib/workflows/data";

/** The definition being edited; values may be incomplete until the server accepts them. */
export type TDef = TWorkflowDefinition;
export type TRuleDraft = TRule;
export type TAssign = TRule["assign"];

/** The pickers' choices, loaded on the server (lib/workflows/data.ts getEditorOptions). */
export type TOptions = TPlain<TEditorOptions>;

type TWorkflowPlain = TPlain<TWorkflowDetail>;
export type TVersionSummary = TWorkflowPlain["versions"][number];

/**
 * The workflow as the editor page receives it (dates as strings). The draft
 * and the published definition are stored JSON; the page reads them as
 * definitions, which is what the editor edits and the server checks on save.
 */
export type TWorkflowView = Omit<TWorkflowPlain, "draft" | "publishedVersion"> & {
  draft: TDef;
  publishedVersion:
    | (Omit<NonNullable<TWorkflowPlain["publishedVersion"]>, "definition"> & {
        definition: TDef;
      })
    | null;
};

/** The editor's server actions, as the page hands them over. */
export type TEditorActions = {
  save: typeof saveDraftAction;
  publish: typeof publishAction;
  rollback: typeof rollbackAction;
  discard: typeof discardDraftAction;
  test: typeof testRunAction;
  backtest: typeof backtestAction;
  diff: typeof diffAction;
};
