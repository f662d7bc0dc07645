import type { TFormConfig } from "@/lib/ingest/forms/config";
import { FormSettingsForm, type TUpdateFormSettingsAction } from "./form-settings-form";
import { FormSnippet } from "./form-snippet";
import { HeldList, type THeldActions, type THeldItem } from "./held-list";

/**
 * The source page's website-form section: settings, the snippet to paste,
 * and (for admins) the posts held as spam. Plain data in; the page's loader
 * (app/(app)/sources/forms-section.tsx) reads it.
 */
export function FormsSectionView({
  sourceKey,
  config,
  actionUrl,
  snippet,
  held,
  actions,
}: {
  sourceKey: string;
  config: TFormConfig;
  actionUrl: string;
  snippet: string;
  held: { items: THeldItem[]; total: number } | null;
  actions?: { update?: TUpdateFormSettingsAction; held?: THeldActions };
}) {
  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-2">
        <FormSettingsForm sourceKey={sourceKey} config={config} action={actions?.update} />
        <FormSnippet actionUrl={actionUrl} snippet={snippet} enabled={config.enabled} />
      </div>
      {held && actions?.held ? (
        <HeldList
          sourceKey={sourceKey}
          items={held.items}
          total={held.total}
          actions={actions.held}
        />
      ) : null}
    </div>
  );
}
