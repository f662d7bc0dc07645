import microdiff from "microdiff";

/** One readable line of a diff between two definitions. */
export type TDiffEntry =
  | { kind: "rule_added"; ruleId: string; ruleName: string; path: string; position: number }
  | { kind: "rule_removed"; ruleId: string; ruleName: string; path: string; position: number }
  | {
      kind: "rule_moved";
      ruleId: string;
      ruleName: string;
      path: string;
      from: number;
      to: number;
    }
  | {
      kind: "added" | "removed" | "changed";
      /** Set when the change is inside a rule. */
      ruleId?: string;
      ruleName?: string;
      /** Field path, e.g. "sla.acceptWithinMinutes" or "rules[enterprise].assign.teamId". */
      path: string;
      old?: unknown;
      new?: unknown;
    };

type TRuleLike = { id?: unknown; name?: unknown };
type TDefLike = Record<string, unknown>;

const asObject = (v: unknown): TDefLike =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as TDefLike) : {};
const rulesOf = (def: TDefLike): TRuleLike[] =>
  Array.isArray(def.rules) ? (def.rules as unknown[]).map((r) => asObject(r)) : [];
const idOf = (r: TRuleLike, i: number) => (typeof r.id === "string" ? r.id : `#${i + 1}`);
const nameOf = (r: TRuleLike, i: number) => (typeof r.name === "string" ? r.name : idOf(r, i));

function pathText(prefix: string, path: (string | number)[]): string {
  return path.reduce<string>(
    (out, seg) => (typeof seg === "number" ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg),
    prefix,
  );
}

/** Conditions (json-logic) compare as a whole: a line per changed operand would not read. */
const CONDITION_KEYS = ["filter", "when"];

/** Field-level lines for a plain diff, with old and new values. */
function fieldLines(
  a: unknown,
  b: unknown,
  prefix: string,
  rule?: { ruleId: string; ruleName: string },
): TDiffEntry[] {
  const objA = { ...asObject(a) };
  const objB = { ...asObject(b) };
  const out: TDiffEntry[] = [];
  for (const key of CONDITION_KEYS) {
    const [x, y] = [objA[key], objB[key]];
    delete objA[key];
    delete objB[key];
    if (JSON.stringify(x ?? null) === JSON.stringify(y ?? null)) continue;
    const path = pathText(prefix, [key]);
    if (x === undefined) out.push({ kind: "added", path, new: y, ...rule });
    else if (y === undefined) out.push({ kind: "removed", path, old: x, ...rule });
    else out.push({ kind: "changed", path, old: x, new: y, ...rule });
  }
  return out.concat(
    microdiff(objA, objB).map((d): TDiffEntry => {
      const path = pathText(prefix, d.path);
      if (d.type === "CREATE") return { kind: "added", path, new: d.value, ...rule };
      if (d.type === "REMOVE") return { kind: "removed", path, old: d.oldValue, ...rule };
      return { kind: "changed", path, old: d.oldValue, new: d.value, ...rule };
    }),
  );
}

/**
 * The difference between two workflow definitions as a list a person can
 * read: rules are matched by id, so a rule moved up shows as "moved" rather
 * than as every rule below it changing; a changed rule lists each field
 * with its old and new value; everything else is field by field.
 */
export function diffDefinitions(before: unknown, after: unknown): TDiffEntry[] {
  const a = asObject(before);
  const b = asObject(after);
  const { rules: _ra, ...restA } = a;
  const { rules: _rb, ...restB } = b;
  const out: TDiffEntry[] = fieldLines(restA, restB, "");

  const rulesA = rulesOf(a);
  const rulesB = rulesOf(b);
  const idsA = rulesA.map(idOf);
  const idsB = rulesB.map(idOf);
  const kept = idsA.filter((id) => idsB.includes(id));
  const keptOrderB = idsB.filter((id) => idsA.includes(id));

  rulesA.forEach((r, i) => {
    const id = idOf(r, i);
    if (!idsB.includes(id))
      out.push({
        kind: "rule_removed",
        ruleId: id,
        ruleName: nameOf(r, i),
        path: `rules[${id}]`,
        position: i + 1,
      });
  });
  rulesB.forEach((r, i) => {
    const id = idOf(r, i);
    if (!idsA.includes(id))
      out.push({
        kind: "rule_added",
        ruleId: id,
        ruleName: nameOf(r, i),
        path: `rules[${id}]`,
        position: i + 1,
      });
  });
  // A move is a change of place among the rules both sides keep, so adding a
  // rule on top does not make every other rule "moved".
  kept.forEach((id) => {
    const from = kept.indexOf(id);
    const to = keptOrderB.indexOf(id);
    const iB = idsB.indexOf(id);
    if (from !== to)
      out.push({
        kind: "rule_moved",
        ruleId: id,
        ruleName: nameOf(rulesB[iB], iB),
        path: `rules[${id}]`,
        from: idsA.indexOf(id) + 1,
        to: iB + 1,
      });
  });
  kept.forEach((id) => {
    const iA = idsA.indexOf(id);
    const iB = idsB.indexOf(id);
    const rule = { ruleId: id, ruleName: nameOf(rulesB[iB], iB) };
    out.push(...fieldLines(rulesA[iA], rulesB[iB], `rules[${id}]`, rule));
  });
  return out;
}
