"use client";

import { Plus } from "lucide-react";
import { useMemo } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { classifierFields } from "@/lib/workflows/condition-fields";
import type { TErr } from "./form-bits";
import { RuleEditor } from "./rule-editor";
import type { TDef, TOptions, TRuleDraft } from "./types";

function newRuleId(rules: TRuleDraft[]) {
  let n = rules.length + 1;
  while (rules.some((r) => r.id === `rule-${n}`)) n += 1;
  return `rule-${n}`;
}

/** The ordered rule list: the first rule whose condition matches decides. */
export function RulesTab({
  def,
  setDef,
  options,
  err,
  disabled,
}: {
  def: TDef;
  setDef: (d: TDef) => void;
  options: TOptions;
  err: TErr;
  disabled?: boolean;
}) {
  const rules = def.rules;
  // With a classifier, rules may also read its `label` and `confidence`.
  const classifier = def.classifier;
  const ruleOptions = useMemo(
    () => ({ ...options, fields: [...classifierFields(classifier), ...options.fields] }),
    [options, classifier],
  );
  const setRules = (next: TRuleDraft[]) => setDef({ ...def, rules: next });
  const add = () =>
    setRules([
      ...rules,
      {
        id: newRuleId(rules),
        name: `Rule ${rules.length + 1}`,
        when: null,
        assign: { strategy: "named", userId: "" },
        approval: { tier: "instant" },
      },
    ]);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        Rules are tried in order; the first whose condition matches decides the owner. An event no
        rule matches becomes a <strong>No route</strong> exception.
      </p>
      {err("rules") ? <p className="text-sm text-red-600">{err("rules")}</p> : null}
      {rules.length === 0 ? (
        <EmptyState title="No rules yet">Add a rule to say who gets which events.</EmptyState>
      ) : null}
      {rules.map((rule, i) => (
        <RuleEditor
          key={rule.id}
          rule={rule}
          index={i}
          count={rules.length}
          options={ruleOptions}
          disabled={disabled}
          err={(p) => err(`rules.${i}.${p}`)}
          onChange={(r) => setRules(rules.map((x, j) => (j === i ? r : x)))}
          onRemove={() => setRules(rules.filter((_, j) => j !== i))}
          onMove={(d) => {
            const next = [...rules];
            [next[i], next[i + d]] = [next[i + d], next[i]];
            setRules(next);
          }}
        />
      ))}
      {!disabled ? (
        <Button type="button" variant="secondary" onClick={add}>
          <Plus className="h-4 w-4" /> Add rule
        </Button>
      ) : null}
    </div>
  );
}
