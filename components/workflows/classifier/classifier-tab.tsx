"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import type { TErr } from "../form-bits";
import type { TDef, TOptions } from "../types";
import { AutomationChart } from "./automation-chart";
import { ConfigCard } from "./config-card";
import { ModelCard } from "./model-card";
import { ReliabilityChart } from "./reliability-chart";
import { ThresholdCard } from "./threshold-card";
import { TrainingCard } from "./training-card";
import type { TClassifierActions, TTabData } from "./types";

/** How often the tab re-reads the page while a version is training. */
const TRAINING_POLL_MS = 2_000;

/**
 * The workflow editor's Classifier tab (issue #16): configure it in the
 * draft; its training data, versions and the two charts of the version
 * shown; and the threshold proposal written into the draft. Importing,
 * training and proposing follow the saved draft, so they wait for a save.
 */
export function ClassifierTab({
  workflowId,
  updatedAt,
  def,
  setDef,
  options,
  err,
  canEdit,
  dirty,
  data,
  actions,
  onPublish,
}: {
  workflowId: string;
  /** The workflow's updatedAt as loaded: a threshold is not written over a newer save. */
  updatedAt: string;
  def: TDef;
  setDef: (d: TDef) => void;
  options: TOptions;
  err: TErr;
  canEdit: boolean;
  dirty: boolean;
  /** Null while the page is loading it (the tab was just opened). */
  data: TTabData | null;
  actions: TClassifierActions;
  onPublish: () => void;
}) {
  const router = useRouter();
  const training = !!data?.versions.some((v) => v.status === "TRAINING");
  useEffect(() => {
    if (!training) return;
    const t = setInterval(() => router.refresh(), TRAINING_POLL_MS);
    return () => clearInterval(t);
  }, [training, router]);

  if (!data)
    return (
      <div className="space-y-4">
        <ConfigCard def={def} setDef={setDef} options={options} err={err} disabled={!canEdit} />
        <p className="text-sm text-slate-500" role="status">
          Loading the training data and versions…
        </p>
      </div>
    );
  const saved = data.config;
  const blocked = dirty
    ? "Save the draft first: imports, training and proposals follow the saved classifier."
    : !saved
      ? "Save a draft with a classifier first."
      : null;
  const chosen = data.chosen;
  const draftClassifier = def.classifier;

  return (
    <div className="space-y-4">
      <ConfigCard def={def} setDef={setDef} options={options} err={err} disabled={!canEdit} />
      {saved || data.versions.length > 0 || data.examples.byLabel.length > 0 ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <TrainingCard
            workflowId={workflowId}
            data={data.examples}
            columns={saved ? [...saved.textFields, ...saved.fields.map((f) => f.path)] : []}
            blocked={blocked}
            canEdit={canEdit}
            setExcluded={(exampleId, excluded, reason) =>
              actions.exclude({ workflowId, exampleId, excluded, reason })
            }
          />
          <ModelCard
            workflowId={workflowId}
            versions={data.versions}
            chosen={chosen}
            canEdit={canEdit}
            blocked={blocked}
            train={() => actions.train({ workflowId })}
            activate={(version) => actions.activate({ workflowId, version })}
          />
        </div>
      ) : null}
      {chosen ? (
        <Card>
          <CardHeader
            title={`v${chosen.version} on held-out history`}
            description={`${chosen.metrics.heldOut} held-out examples, never trained on: what automating would have done, and how far the confidence can be trusted.`}
          />
          <div className="grid gap-6 p-5 lg:grid-cols-2">
            <AutomationChart
              curve={chosen.metrics.curve}
              heldOut={chosen.metrics.heldOut}
              target={draftClassifier?.targetPrecision ?? saved?.targetPrecision ?? 0.98}
              threshold={draftClassifier?.threshold ?? null}
            />
            <ReliabilityChart bins={chosen.metrics.reliability} ece={chosen.metrics.ece} />
          </div>
        </Card>
      ) : null}
      {chosen && draftClassifier ? (
        <ThresholdCard
          key={chosen.version}
          version={chosen.version}
          draftTarget={draftClassifier.targetPrecision}
          draftThreshold={draftClassifier.threshold}
          canEdit={canEdit}
          blocked={blocked}
          preview={(targetPrecision) =>
            actions.preview({ workflowId, targetPrecision, version: chosen.version })
          }
          write={(targetPrecision, enableAuto) =>
            actions.writeThreshold({
              workflowId,
              targetPrecision,
              enableAuto,
              version: chosen.version,
              expectedUpdatedAt: updatedAt,
            })
          }
          onPublish={onPublish}
        />
      ) : null}
    </div>
  );
}
