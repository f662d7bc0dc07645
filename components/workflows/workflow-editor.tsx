"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { cn } from "@/components/ui/cn";
import type { TActionResult } from "@/lib/server/action";
import { routingStatus } from "@/lib/workflows/routing-status";
import { BacktestTab } from "./backtest-tab";
import { ClassifierTab } from "./classifier/classifier-tab";
import type { TClassifierActions, TTabData } from "./classifier/types";
import { EditorHeader } from "./editor-header";
import type { TErrors } from "./form-bits";
import { HandoffMap } from "./handoff-map";
import { PublishDialog } from "./publish-dialog";
import { RulesTab } from "./rules-tab";
import { SettingsTab, type TMeta } from "./settings-tab";
import { SlaTab } from "./sla-tab";
import { TestTab } from "./test-tab";
import type { TDef, TEditorActions, TOptions, TWorkflowView } from "./types";
import { VersionsTab } from "./versions-tab";

const TABS = [
  { key: "map", label: "Map" },
  { key: "rules", label: "Rules" },
  { key: "sla", label: "SLA" },
  { key: "classifier", label: "Classifier" },
  { key: "settings", label: "Settings" },
  { key: "test", label: "Test" },
  { key: "backtest", label: "Backtest" },
  { key: "versions", label: "Versions" },
] as const;
type TTab = (typeof TABS)[number]["key"];

const metaOf = (w: TWorkflowView): TMeta => ({
  name: w.name,
  description: w.description ?? "",
  ownerId: w.owner?.id ?? "",
  active: w.active,
});

/** Which tab an error path belongs to, so the tab can show it has problems. */
function tabOf(path: string): TTab {
  if (path.startsWith("rules")) return "rules";
  if (path.startsWith("sla")) return "sla";
  if (path.startsWith("classifier")) return "classifier";
  return "settings";
}

/**
 * The workflow editor: the draft lives here until saved; every tab edits or
 * reads it. The server validates on save and answers errors per field, shown
 * next to each field; a manager sees the same screens without edit controls.
 */
export function WorkflowEditor({
  workflow,
  options,
  samplePayload,
  otherLiveWorkflows,
  canEdit,
  initialTab,
  actions,
  classifier,
  classifierActions,
}: {
  workflow: TWorkflowView;
  options: TOptions;
  samplePayload: string | null;
  /** The source's other active, published workflows (they route its events meanwhile). */
  otherLiveWorkflows: string[];
  canEdit: boolean;
  initialTab: string;
  actions: TEditorActions;
  /** The Classifier tab's data (versions, examples, the shown version's metrics); null on other tabs. */
  classifier: TTabData | null;
  classifierActions: TClassifierActions;
}) {
  const router = useRouter();
  const [tab, setTab] = useState<TTab>(
    TABS.some((t) => t.key === initialTab) ? (initialTab as TTab) : "map",
  );
  const [def, setDefState] = useState<TDef>(workflow.draft);
  const [meta, setMetaState] = useState<TMeta>(metaOf(workflow));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<TErrors>({});
  const [banner, setBanner] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const [publishing, setPublishing] = useState<{
    note: string;
    from: "header" | "versions";
  } | null>(null);
  const [versionsMessage, setVersionsMessage] = useState<{ ok: boolean; text: string } | null>(
    null,
  );

  // A refresh after a save, publish or rollback brings a new draft: take it unless
  // there are unsaved edits (React's "adjust state when a prop changes" pattern).
  const revision = `${workflow.updatedAt}:${workflow.publishedVersion?.id ?? ""}`;
  const [seenRevision, setSeenRevision] = useState(revision);
  if (seenRevision !== revision) {
    setSeenRevision(revision);
    if (!dirty) {
      setDefState(workflow.draft);
      setMetaState(metaOf(workflow));
    }
  }

  const setDef = (d: TDef) => {
    setDefState(d);
    setDirty(true);
  };
  const setMeta = (m: TMeta) => {
    setMetaState(m);
    setDirty(true);
  };
  const err = (path: string) => errors[path]?.[0];
  const names = (id: string) =>
    options.users.find((u) => u.id === id)?.name ??
    options.teams.find((t) => t.id === id)?.name ??
    id;
  const errorCount = (t: TTab) => Object.keys(errors).filter((p) => tabOf(p) === t).length;

  const selectTab = (t: TTab) => {
    setTab(t);
    const url = new URL(window.location.href);
    url.searchParams.set("tab", t);
    // The page loads the Classifier tab's data only for that tab: ask the server for it
    // (a soft navigation: the editor keeps its unsaved edits).
    if (t === "classifier" && !classifier)
      router.replace(`${url.pathname}${url.search}`, { scroll: false });
    else window.history.replaceState(null, "", url);
  };

  const save = () =>
    start(async () => {
      const res = await actions.save({
        workflowId: workflow.id,
        definition: def,
        name: meta.name,
        description: meta.description || null,
        ownerId: meta.ownerId || null,
        active: meta.active,
        expectedUpdatedAt: workflow.updatedAt,
      });
      if (res.ok) {
        setErrors({});
        setDirty(false);
        setBanner({
          ok: true,
          text: res.data.changed
            ? `Draft saved. ${
                routingStatus({
                  publishedVersion: workflow.publishedVersion?.version ?? null,
                  active: meta.active,
                  sourceKey: workflow.source.key,
                  otherLiveWorkflows,
                }).short
              }`
            : "Nothing changed.",
        });
        router.refresh();
        return;
      }
      const fe = Object.fromEntries(
        Object.entries(res.fieldErrors ?? {}).map(([k, v]) => [k.replace(/^definition\./, ""), v]),
      );
      setErrors(fe);
      const n = Object.keys(fe).length;
      setBanner({
        ok: false,
        text: n
          ? `Not saved: ${n} field${n > 1 ? "s need" : " needs"} attention (marked below).`
          : res.message,
      });
      if (n) selectTab(tabOf(Object.keys(fe)[0]));
    });

  const after = async <T,>(p: Promise<TActionResult<T>>): Promise<TActionResult<T>> => {
    const res = await p;
    if (res.ok) {
      setDirty(false);
      router.refresh();
    } else if (res.fieldErrors) {
      setErrors(
        Object.fromEntries(
          Object.entries(res.fieldErrors).map(([k, v]) => [k.replace(/^definition\./, ""), v]),
        ),
      );
    }
    return res;
  };

  const routing = routingStatus({
    publishedVersion: workflow.publishedVersion?.version ?? null,
    active: workflow.active,
    sourceKey: workflow.source.key,
    otherLiveWorkflows,
  });
  const nextVersion = Math.max(0, ...workflow.versions.map((v) => v.version)) + 1;
  // Publishing takes the saved draft: with unsaved edits it would publish something else.
  const publishBlocked = dirty
    ? "Save the draft first: publishing takes the saved draft."
    : !workflow.hasUnpublishedChanges
      ? "The draft is the published version: nothing to publish."
      : null;
  return (
    <>
      <EditorHeader
        title={meta.name || workflow.name}
        workflow={workflow}
        dirty={dirty}
        canEdit={canEdit}
        pending={pending}
        onSave={save}
        onPublish={() => setPublishing({ note: "", from: "header" })}
        publishBlocked={publishBlocked}
        nextVersion={nextVersion}
      />
      {!routing.routing ? (
        <p
          data-testid="routing-status"
          className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800"
        >
          {routing.text}
        </p>
      ) : null}
      {banner ? (
        <p
          role={banner.ok ? "status" : "alert"}
          data-testid="editor-banner"
          className={cn(
            "mb-4 rounded-md px-3 py-2 text-sm",
            banner.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-700",
          )}
        >
          {banner.text}
        </p>
      ) : null}
      <div
        role="tablist"
        aria-label="Workflow editor"
        className="mb-4 flex gap-1 overflow-x-auto border-b border-slate-200"
      >
        {TABS.map((t) => (
          <button
            key={t.key}
            role="tab"
            type="button"
            id={`tab-${t.key}`}
            aria-selected={tab === t.key}
            aria-controls={`panel-${t.key}`}
            onClick={() => selectTab(t.key)}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
              tab === t.key
                ? "border-brand-600 text-brand-700"
                : "border-transparent text-slate-500 hover:text-slate-800",
            )}
          >
            {t.label}
            {t.key === "rules" ? (
              <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 text-xs text-slate-600">
                {def.rules.length}
              </span>
            ) : null}
            {t.key === "versions" ? (
              <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 text-xs text-slate-600">
                {workflow.versions.length}
              </span>
            ) : null}
            {errorCount(t.key) ? (
              <span
                className="ml-1.5 rounded-full bg-red-100 px-1.5 text-xs text-red-700"
                aria-label={`${errorCount(t.key)} errors`}
              >
                {errorCount(t.key)}
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "map" ? (
          <HandoffMap def={def} source={workflow.source} options={options} selfKey={workflow.key} />
        ) : null}
        {tab === "rules" ? (
          <RulesTab def={def} setDef={setDef} options={options} err={err} disabled={!canEdit} />
        ) : null}
        {tab === "sla" ? <SlaTab def={def} setDef={setDef} err={err} disabled={!canEdit} /> : null}
        {tab === "classifier" ? (
          <ClassifierTab
            workflowId={workflow.id}
            updatedAt={workflow.updatedAt}
            def={def}
            setDef={setDef}
            options={options}
            err={err}
            canEdit={canEdit}
            dirty={dirty}
            data={classifier}
            actions={{
              ...classifierActions,
              train: (i) => after(classifierActions.train(i)),
              activate: (i) => after(classifierActions.activate(i)),
              exclude: (i) => after(classifierActions.exclude(i)),
              writeThreshold: (i) => after(classifierActions.writeThreshold(i)),
            }}
            onPublish={() => setPublishing({ note: "Classifier threshold", from: "header" })}
          />
        ) : null}
        {tab === "settings" ? (
          <SettingsTab
            def={def}
            setDef={setDef}
            meta={meta}
            setMeta={setMeta}
            options={options}
            selfKey={workflow.key}
            err={err}
            disabled={!canEdit}
            samplePayload={samplePayload}
          />
        ) : null}
        {tab === "test" ? (
          <TestTab
            def={def}
            samplePayload={samplePayload}
            names={names}
            canEdit={canEdit}
            run={(i) => actions.test({ workflowId: workflow.id, ...i })}
          />
        ) : null}
        {tab === "backtest" ? (
          <BacktestTab
            def={def}
            canEdit={canEdit}
            run={(i) => actions.backtest({ workflowId: workflow.id, ...i })}
          />
        ) : null}
        {tab === "versions" ? (
          <VersionsTab
            workflow={workflow}
            dirty={dirty}
            canEdit={canEdit}
            message={versionsMessage}
            setMessage={setVersionsMessage}
            onPublish={(note) => setPublishing({ note, from: "versions" })}
            onRollback={(version) => after(actions.rollback({ workflowId: workflow.id, version }))}
            onDiscard={() => after(actions.discard({ workflowId: workflow.id }))}
            diff={(from, to) => actions.diff({ workflowId: workflow.id, from, to })}
          />
        ) : null}
      </div>
      {publishing ? (
        <PublishDialog
          workflowName={meta.name || workflow.name}
          nextVersion={nextVersion}
          initialNote={publishing.note}
          routingNote={
            !workflow.active
              ? "It is paused, though: it takes no events until it is resumed in Settings."
              : workflow.publishedVersion
                ? undefined
                : "Until now it has routed no events."
          }
          backtest={(i) => actions.backtest({ workflowId: workflow.id, ...i })}
          publish={(note) =>
            after(actions.publish({ workflowId: workflow.id, note: note || undefined }))
          }
          onClose={() => setPublishing(null)}
          onPublished={(version) => {
            const text = `Published v${version}.`;
            if (publishing.from === "versions") setVersionsMessage({ ok: true, text });
            else setBanner({ ok: true, text });
          }}
        />
      ) : null}
    </>
  );
}
