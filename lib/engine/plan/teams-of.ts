import type { TLiveWorkflow } from "./types";

/** Every team a workflow may assign into (round-robin, least-loaded, territory…). */
export function teamsOf(workflows: Iterable<TLiveWorkflow>): Set<string> {
  const teams = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "teamId" && typeof x === "string") teams.add(x);
        else visit(x);
      }
    }
  };
  for (const w of workflows) visit(w.definition.rules);
  return teams;
}
