import { fieldErrorsFromIssues, type TFieldErrors } from "@/lib/server/errors";
import { validateJsonLogic } from "@/lib/rules/json-logic";
import { ZWorkflowDefinition, type TWorkflowDefinition } from "@/lib/workflow-definition/schema";

/** What a definition may point at: the teams, users and destinations that exist now. */
export type TDefinitionRefs = {
  teamIds: ReadonlySet<string>;
  /** Active users by id, with their team (a round-robin weight must name a member). */
  users: ReadonlyMap<string, { teamId: string | null }>;
  destinationKeys: ReadonlySet<string>;
  /** Destination key → kind (WEBHOOK, EMAIL, RECORD): an action must name a destination of its kind. */
  destinationKinds?: ReadonlyMap<string, string>;
};

export type TDefinitionCheck =
  { ok: true; definition: TWorkflowDefinition } | { ok: false; errors: TFieldErrors };

function add(errors: TFieldErrors, path: string, message: string) {
  (errors[path] ??= []).push(message);
}

function checkLogic(errors: TFieldErrors, path: string, expr: unknown) {
  for (const p of validateJsonLogic(expr))
    add(errors, path, p.path ? `${p.path}: ${p.message}` : p.message);
}

function checkRefs(errors: TFieldErrors, def: TWorkflowDefinition, refs: TDefinitionRefs) {
  const team = (path: string, id: string | undefined) => {
    if (id && !refs.teamIds.has(id)) add(errors, path, "No such team");
  };
  def.rules.forEach((rule, i) => {
    const at = `rules.${i}.assign`;
    const a = rule.assign;
    if (a.strategy === "named" && !refs.users.has(a.userId)) {
      add(errors, `${at}.userId`, "No such active user");
    }
    if (a.strategy === "round_robin" || a.strategy === "least_loaded")
      team(`${at}.teamId`, a.teamId);
    if (a.strategy === "round_robin") {
      for (const userId of Object.keys(a.weights)) {
        const user = refs.users.get(userId);
        if (!user || user.teamId !== a.teamId)
          add(errors, `${at}.weights.${userId}`, "Not an active member of this team");
      }
    }
    if (a.strategy === "territory") {
      for (const [value, teamId] of Object.entries(a.map)) team(`${at}.map.${value}`, teamId);
      team(`${at}.fallbackTeamId`, a.fallbackTeamId || undefined);
    }
  });
  def.actions.forEach((action, i) => {
    if (!refs.destinationKeys.has(action.destinationKey))
      add(errors, `actions.${i}.destinationKey`, "No such destination");
    // Record actions write to systems of record only, and only they do.
    const kind = refs.destinationKinds?.get(action.destinationKey);
    if (kind && (action.type === "record") !== (kind === "RECORD")) {
      add(
        errors,
        `actions.${i}.destinationKey`,
        action.type === "record"
          ? "A record action needs a system of record"
          : "This destination is a system of record: use a record action",
      );
    }
  });
}

function checkUnique(errors: TFieldErrors, items: { id: string }[], path: string, what: string) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) add(errors, `${path}.${i}.id`, `Another ${what} already has this id`);
    seen.add(item.id);
  });
}

/**
 * Everything that must hold before a definition is saved or published, as
 * field errors keyed by path ("rules.1.assign.teamId"): the schema, valid
 * json-logic in the filter and every condition, unique rule and action ids
 * and, when `refs` is given, teams, users and destinations that exist.
 * Pure, so the editor, the API and the tests all get the same answer.
 */
export function checkDefinition(raw: unknown, refs?: TDefinitionRefs): TDefinitionCheck {
  const parsed = ZWorkflowDefinition.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromIssues(parsed.error.issues) };
  const def = parsed.data;
  const errors: TFieldErrors = {};
  checkLogic(errors, "filter", def.filter);
  def.rules.forEach((rule, i) => checkLogic(errors, `rules.${i}.when`, rule.when));
  checkUnique(errors, def.rules, "rules", "rule");
  checkUnique(errors, def.actions, "actions", "action");
  if (refs) checkRefs(errors, def, refs);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, definition: def };
}

/** A starter draft for a new workflow: no rules yet, so it cannot be published until it has one. */
export function starterDraft() {
  return {
    filter: null,
    requiredFields: [],
    rules: [],
    sla: {
      acceptWithinMinutes: 60,
      businessHours: null,
      onBreach: "exception",
      maxReassignments: 2,
    },
    actions: [],
    outcomes: ["contacted", "qualified", "disqualified", "not_reachable"],
    owners: { rule: "", decision: "", connector: "" },
  };
}
