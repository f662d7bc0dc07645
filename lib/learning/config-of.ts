import { ZWorkflowDefinition, type TClassifierConfig } from "@/lib/workflow-definition/schema";

/**
 * The classifier configuration that examples and training follow: the
 * published version's, else the draft's (an admin sets the classifier up in
 * the draft, imports history and trains before publishing). Null when
 * neither has one.
 */
export function classifierConfigOf(w: {
  draft: unknown;
  publishedVersion?: { definition: unknown } | null;
}): TClassifierConfig | null {
  for (const def of [w.publishedVersion?.definition, w.draft]) {
    if (!def) continue;
    const parsed = ZWorkflowDefinition.safeParse(def);
    if (parsed.success && parsed.data.classifier) return parsed.data.classifier;
  }
  return null;
}

/** Labels an example may carry: the published and the draft taxonomy together. */
export function knownLabels(w: {
  draft: unknown;
  publishedVersion?: { definition: unknown } | null;
}): Set<string> {
  const out = new Set<string>();
  for (const def of [w.publishedVersion?.definition, w.draft]) {
    const parsed = def ? ZWorkflowDefinition.safeParse(def) : null;
    for (const l of parsed?.success ? (parsed.data.classifier?.labels ?? []) : []) out.add(l);
  }
  return out;
}
