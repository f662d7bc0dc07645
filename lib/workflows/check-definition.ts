import { fieldErrorsFromIssues, type TFieldErrors } from "@/lib/server/errors";
import { validateJsonLogic } from "@/lib/rules/json-logic";
import { ZWorkflowDefinition, type TWorkflowDefinition } from "@/lib/workflow-definition/schema";

/** What a definition may point at: the teams, users and destinations that exist now. */
export type TDefinitionRefs = {
  teamIds: ReadonlySet<string>;
  /** Active users by id, with their team (a round-robin weight must name a member). */
  users: ReadonlyMap<string, { teamId: string | null }>;
  destinationKeys: ReadonlySet<string>;
  /**
   * Workflows by key with the keys their published versions chain to (`next`),
   * and the key of the workflow being checked: a chain must name another
   * workflow and must not lead back to this one.
   */
  workflows?: ReadonlyMap<string, { name: string; next: readonly string[] }>;
  selfKey?: string | null;
  /** Each destination's kind (WEBHOOK, EMAIL, RECORD): an action must name one of its own kind. */
  destinationKinds?: ReadonlyMap<string, string>;
};

const KIND_OF_ACTION: Record<string, string> = { webhook: "WEBHOOK", email: "EMAIL" };

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
    // Record actions write to systems of record only, and only they do; an
    // email action needs an email destination, a webhook a webhook one.
    const kind = refs.destinationKinds?.get(action.destinationKey);
    if (kind && (action.type === "record") !== (kind === "RECORD")) {
      add(
        errors,
        `actions.${i}.destinationKey`,
        action.type === "record"
          ? "A record action needs a system of record"
          : "This destination is a system of record: use a record action",
      );
    } else if (kind && KIND_OF_ACTION[action.type] && kind !== KIND_OF_ACTION[action.type]) {
      const wanted = KIND_OF_ACTION[action.type];
      add(
        errors,
        `actions.${i}.destinationKey`,
        `A ${action.type} action needs a ${wanted.toLowerCase()} destination; this one is ${kind.toLowerCase()}`,
      );
    }
  });
}

/** The path from `from` back to `target` over published chains (keys), or null. */
function pathBack(
  workflows: NonNullable<TDefinitionRefs["workflows"]>,
  from: string,
  target: string,
): string[] | null {
  const seen = new Set<string>();
  const walk = (key: string): string[] | null => {
    if (key === target) return [key];
    if (seen.has(key)) return null;
    seen.add(key);
    for (const n of workflows.get(key)?.next ?? []) {
      const rest = walk(n);
      if (rest) return [key, ...rest];
    }
    return null;
  };
  return walk(from);
}

function checkNext(errors: TFieldErrors, def: TWorkflowDefinition, refs: TDefinitionRefs) {
  const seen = new Set<string>();
  def.next.forEach((n, i) => {
    const at = `next.${i}`;
    if (!def.outcomes.includes(n.outcome)) {
      add(errors, `${at}.outcome`, `Not an outcome of this workflow (${def.outcomes.join(", ")})`);
    }
    if (seen.has(n.outcome)) add(errors, `${at}.outcome`, "Another stage already starts here");
    seen.add(n.outcome);
    const { workflows, selfKey } = refs;
    if (!workflows) return;
    if (!workflows.has(n.workflowKey)) return add(errors, `${at}.workflowKey`, "No such workflow");
    if (selfKey && n.workflowKey === selfKey) {
      return add(errors, `${at}.workflowKey`, "A workflow cannot start itself");
    }
    const back = selfKey ? pathBack(workflows, n.workflowKey, selfKey) : null;
    if (back) {
      const names = [selfKey!, ...back].map((k) => workflows.get(k)?.name ?? k);
      add(errors, `${at}.workflowKey`, `This makes a cycle: ${names.join(" → ")}`);
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
  checkNext(
    errors,
    def,
    refs ?? { teamIds: new Set(), users: new Map(), destinationKeys: new Set() },
  );
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
    next: [],
  };
}
