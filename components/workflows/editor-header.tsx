"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import type { TWorkflowView } from "./types";

/**
 * The editor's title, its state (published version, unsaved or unpublished
 * changes, paused, read-only) and, for an editor, Save draft and Publish.
 * Publish opens the confirmation; it is off, with the reason as its title,
 * while there are unsaved edits or nothing to publish.
 */
export function EditorHeader({
  title,
  workflow,
  dirty,
  canEdit,
  pending,
  onSave,
  onPublish,
  publishBlocked,
  nextVersion,
}: {
  title: string;
  workflow: TWorkflowView;
  dirty: boolean;
  canEdit: boolean;
  pending: boolean;
  onSave: () => void;
  onPublish: () => void;
  /** Why Publish is off, or null when it is on. */
  publishBlocked: string | null;
  nextVersion: number;
}) {
  const unpublished = workflow.hasUnpublishedChanges || dirty;
  return (
    <PageHeader
      title={title}
      description={
        <span className="flex flex-wrap items-center gap-2">
          <span>
            Trigger: <code className="text-xs">{workflow.source.key}</code>
          </span>
          {workflow.publishedVersion ? (
            <Badge tone="green">Published v{workflow.publishedVersion.version}</Badge>
          ) : (
            <Badge tone="amber">Never published</Badge>
          )}
          {unpublished ? (
            <Badge tone="violet">
              <span data-testid="unpublished-changes">
                {dirty ? "Unsaved changes" : "Unpublished changes"}
              </span>
            </Badge>
          ) : null}
          {!workflow.active ? <Badge>Paused</Badge> : null}
          {!canEdit ? <Badge tone="blue">Read-only</Badge> : null}
        </span>
      }
      actions={
        canEdit ? (
          <div className="flex flex-wrap gap-2">
            <Button onClick={onSave} disabled={pending || !dirty}>
              {pending ? "Saving…" : "Save draft"}
            </Button>
            <Button
              variant="secondary"
              onClick={onPublish}
              disabled={pending || !!publishBlocked}
              title={publishBlocked ?? `Publish the saved draft as v${nextVersion}`}
            >
              Publish…
            </Button>
          </div>
        ) : null
      }
    />
  );
}
