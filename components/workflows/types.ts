import type { TRule, TWorkflowDefinition } from "@/lib/workflow-definition/schema";

/** The definition being edited; values may be incomplete until the server accepts them. */
export type TDef = TWorkflowDefinition;
export type TRuleDraft = TRule;
export type TAssign = TRule["assign"];

/** The pickers' choices, loaded on the server (lib/workflows/data.ts getEditorOptions). */
export type TOptions = {
  teams: { id: string; name: string }[];
  users: { id: string; name: string; email: string; role: string; teamId: string | null }[];
  destinations: { key: string; name: string; active: boolean }[];
  sources: { id: string; key: string; name: string }[];
  fields: { name: string; from: "contract" | "payload" | "record" }[];
};

export type TVersionSummary = {
  id: string;
  version: number;
  note: string | null;
  publishedAt: string;
  publishedBy: { id: string; name: string; email: string } | null;
};

/** The workflow as the editor page receives it (JSON: dates as strings). */
export type TWorkflowView = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  active: boolean;
  draft: TDef;
  updatedAt: string;
  source: { id: string; key: string; name: string };
  owner: { id: string; name: string } | null;
  publishedVersion: (TVersionSummary & { definition: TDef }) | null;
  versions: TVersionSummary[];
  hasUnpublishedChanges: boolean;
};
