/**
 * What a workflow does with events right now, in words the editor can show
 * beside "Save draft" and "Publish". Mirrors the engine: only active
 * workflows with a published version take events (lib/engine/store/
 * live-workflows.ts); an event whose source has none becomes a NO_ROUTE
 * exception (lib/engine/plan/event/route-event.ts chooseWorkflow). A saved
 * draft is never evaluated by the engine, only by the test run and backtest.
 */
export type TRoutingStatus = {
  /** Whether the engine routes events with this workflow today. */
  routing: boolean;
  /** One sentence, for after a save: what the saved draft changes for events (nothing yet). */
  short: string;
  /** One or two sentences: what happens to the source's events now. */
  text: string;
};

export function routingStatus(input: {
  publishedVersion: number | null;
  active: boolean;
  sourceKey: string;
  /** The source's other active, published workflows, oldest first. */
  otherLiveWorkflows: readonly string[];
}): TRoutingStatus {
  const { publishedVersion, active, sourceKey, otherLiveWorkflows } = input;
  if (publishedVersion !== null && active) {
    const text = `Events keep using the published version (v${publishedVersion}) until you publish.`;
    return { routing: true, short: text, text };
  }
  const meanwhile =
    otherLiveWorkflows.length > 0
      ? `Meanwhile, events from ${sourceKey} are routed by ${list(otherLiveWorkflows)}.`
      : `Meanwhile, each event from ${sourceKey} opens a “No route” exception: no published workflow takes it.`;
  const why =
    publishedVersion === null
      ? "This workflow has never been published: no events are routed by it until it is published."
      : `This workflow is paused: no events are routed by it (not even by the published v${publishedVersion}) until it is resumed in Settings.`;
  const short =
    publishedVersion === null
      ? "No events are routed by this workflow until it is published."
      : "No events are routed by this workflow until it is resumed in Settings.";
  return { routing: false, short, text: `${why} ${meanwhile}` };
}

function list(names: readonly string[]) {
  const quoted = names.map((n) => `“${n}”`);
  if (quoted.length <= 2) return quoted.join(" and ");
  return `${quoted.slice(0, 2).join(", ")} and ${quoted.length - 2} more`;
}
