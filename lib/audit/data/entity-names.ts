import "server-only";
import { db } from "@/lib/server/db";

/** What an audit row's entity is called, and where it lives in the console. */
export type TEntityName = { label: string; href: string | null };

const key = (type: string, id: string) => `${type}:${id}`;

/** Fields of a before/after whose value is a person's or a team's id. */
const ID_FIELD = /^(owner|user|team|assignee|suggestedOwner|askedBy|previousOwner)Id$/;


const personOf = (r: { name: string | null; email: string | null } | null | undefined) =>
  r?.name ?? r?.email ?? null;

/**
 * The names of the entities a page of audit rows is about, looked up in one
 * query per entity type (a page of 50 rows costs at most a handful): people,
 * teams, workflows, sources and destinations by their names, exceptions by
 * their titles, handoffs and records by the lead, round-robin ledgers as
 * "team · person". An entity that no longer exists keeps no name: the row
 * shows its id, as it did.
 */
export async function auditEntityNames(
  rows: { entityType: string; entityId: string | null; before?: unknown; after?: unknown }[],
): Promise<{ entities: Map<string, TEntityName>; values: Record<string, string> }> {
  const ids = new Map<string, Set<string>>();
  // People and teams a before/after names by id (`ownerId: "cmx…"`), looked up
  // with the entities, so a diff reads "ownerId: Kai Nakamura → Priya Raman".
  const valueIds = new Set<string>();
  for (const r of rows) {
    for (const side of [r.before, r.after]) {
      if (!side || typeof side !== "object" || Array.isArray(side)) continue;
      for (const [k, v] of Object.entries(side as Record<string, unknown>)) {
        if (!ID_FIELD.test(k) || typeof v !== "string" || v.length > 64) continue;
        valueIds.add(v);
        add(ids, "user", v);
        add(ids, "team", v);
      }
    }
  }
  for (const r of rows) {
    if (!r.entityId) continue;
    if (r.entityType === "round_robin_ledger") {
      const [teamId, userId] = r.entityId.split(":");
      if (teamId) add(ids, "team", teamId);
      if (userId) add(ids, "user", userId);
    } else {
      add(ids, r.entityType, r.entityId);
    }
  }
  const list = (type: string) => [...(ids.get(type) ?? [])];
  const some = <T>(type: string, load: (ids: string[]) => Promise<T[]>) =>
    list(type).length ? load(list(type)) : Promise.resolve([] as T[]);

  const [users, teams, workflows, sources, destinations, exceptions, handoffs, records, tokens] =
    await Promise.all([
      some("user", (id) =>
        db.user.findMany({ where: { id: { in: id } }, select: { id: true, name: true } }),
      ),
      some("team", (id) =>
        db.team.findMany({ where: { id: { in: id } }, select: { id: true, name: true } }),
      ),
      some("workflow", (id) =>
        db.workflow.findMany({ where: { id: { in: id } }, select: { id: true, name: true } }),
      ),
      some("source", (id) =>
        db.source.findMany({
          where: { id: { in: id } },
          select: { id: true, name: true, key: true },
        }),
      ),
      some("destination", (id) =>
        db.destination.findMany({
          where: { id: { in: id } },
          select: { id: true, name: true, key: true },
        }),
      ),
      some("exception", (id) =>
        db.exception.findMany({ where: { id: { in: id } }, select: { id: true, title: true } }),
      ),
      some("handoff", (id) =>
        db.handoff.findMany({
          where: { id: { in: id } },
          select: { id: true, record: { select: { name: true, email: true } } },
        }),
      ),
      some("record", (id) =>
        db.record.findMany({
          where: { id: { in: id } },
          select: { id: true, name: true, email: true },
        }),
      ),
      some("api_token", (id) =>
        db.apiToken.findMany({ where: { id: { in: id } }, select: { id: true, name: true } }),
      ),
    ]);

  const names = new Map<string, TEntityName>();
  for (const u of users) names.set(key("user", u.id), { label: u.name, href: null });
  for (const t of teams) names.set(key("team", t.id), { label: t.name, href: "/users/teams" });
  for (const w of workflows) {
    names.set(key("workflow", w.id), { label: w.name, href: `/workflows/${w.id}` });
  }
  for (const s of sources) {
    names.set(key("source", s.id), { label: s.name, href: `/sources/${s.key}` });
  }
  for (const d of destinations) {
    names.set(key("destination", d.id), { label: d.name, href: `/destinations/${d.key}` });
  }
  for (const x of exceptions) {
    names.set(key("exception", x.id), {
      label: x.title,
      href: `/queue?status=all&open=${x.id}`,
    });
  }
  for (const h of handoffs) {
    const lead = personOf(h.record);
    if (lead) names.set(key("handoff", h.id), { label: lead, href: `/handoffs?open=${h.id}` });
  }
  for (const r of records) {
    const lead = personOf(r);
    if (lead) names.set(key("record", r.id), { label: lead, href: null });
  }
  for (const t of tokens) {
    names.set(key("api_token", t.id), { label: t.name, href: "/settings/tokens" });
  }
  for (const r of rows) {
    if (r.entityType !== "round_robin_ledger" || !r.entityId) continue;
    const [teamId, userId] = r.entityId.split(":");
    const team = teamId ? names.get(key("team", teamId))?.label : undefined;
    const person = userId ? names.get(key("user", userId))?.label : undefined;
    if (team || person) {
      names.set(key(r.entityType, r.entityId), {
        label: [team, person].filter(Boolean).join(" · "),
        href: "/users/teams",
      });
    }
  }
  const values: Record<string, string> = {};
  for (const x of [...users, ...teams]) if (valueIds.has(x.id)) values[x.id] = x.name;
  return { entities: names, values };
}

/** The name of one row's entity, from `auditEntityNames(…).entities`. */
export const entityNameOf = (
  names: Map<string, TEntityName>,
  row: { entityType: string; entityId: string | null },
) => (row.entityId ? (names.get(key(row.entityType, row.entityId)) ?? null) : null);

function add(ids: Map<string, Set<string>>, type: string, id: string) {
  let set = ids.get(type);
  if (!set) ids.set(type, (set = new Set()));
  set.add(id);
}

