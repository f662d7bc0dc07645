import type {
  activateClassifierVersionAction,
  excludeExampleAction,
  previewThresholdAction,
  trainClassifierAction,
  writeThresholdAction,
} from "@/app/(app)/workflows/[id]/actions";
import type { TClassifierTab } from "@/lib/learning/data/classifier-tab";
import type { TPlain } from "@/lib/server/plain";

/** What the Classifier tab shows, as the page hands it over (lib/learning/data/classifier-tab.ts). */
export type TTabData = TPlain<TClassifierTab>;
export type TVersionRow = TTabData["versions"][number];

/** A server action as the tab calls it (plain input; the editor may wrap it). */
type TCall<F extends (raw: never) => unknown> = (
  input: Exclude<Parameters<F>[0], FormData>,
) => ReturnType<F>;

/** The Classifier tab's server actions (app/(app)/workflows/[id]/actions.ts). */
export type TClassifierActions = {
  train: TCall<typeof trainClassifierAction>;
  activate: TCall<typeof activateClassifierVersionAction>;
  exclude: TCall<typeof excludeExampleAction>;
  preview: TCall<typeof previewThresholdAction>;
  writeThreshold: TCall<typeof writeThresholdAction>;
};
