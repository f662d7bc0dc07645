"use client";

import { useState, useTransition } from "react";
import type { createTokenAction, revokeTokenAction } from "@/app/(app)/settings/tokens/actions";
import type { TActionData } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { relativeTime } from "@/components/ui/time";
import type { findApiTokens } from "@/lib/api-tokens/data";
import type { TPlain } from "@/lib/server/plain";

export type TTokenRow = TPlain<Awaited<ReturnType<typeof findApiTokens>>[number]>;

export function TokenManager({
  tokens,
  showOwner,
  create,
  revoke,
}: {
  tokens: TTokenRow[];
  showOwner: boolean;
  create: typeof createTokenAction;
  revoke: typeof revokeTokenAction;
}) {
  const [created, setCreated] = useState<TActionData<typeof createTokenAction> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const input =
    "mt-1 block rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";

  return (
    <div className="space-y-6">
      <form
        aria-label="Create API token"
        action={(fd) =>
          start(async () => {
            setError(null);
            if (fd.get("expiresInDays") === "") fd.delete("expiresInDays");
            const res = await create(fd);
            if (res.ok) setCreated(res.data);
            else setError(res.fieldErrors?.name?.[0] ?? res.message);
          })
        }
        className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      >
        <label className="text-xs font-medium text-slate-600">
          Token name
          <input
            name="name"
            required
            placeholder="e.g. CRM export job"
            className={`${input} w-64`}
          />
        </label>
        <label className="text-xs font-medium text-slate-600">
          Expires after (days)
          <input
            name="expiresInDays"
            type="number"
            min={1}
            placeholder="never"
            className={`${input} w-32`}
          />
        </label>
        <Button type="submit" disabled={pending}>
          Create token
        </Button>
        {error ? (
          <span role="alert" className="text-sm text-red-600">
            {error}
          </span>
        ) : null}
      </form>

      {created ? (
        <div role="status" className="rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200">
          <div className="text-sm font-medium text-emerald-900">
            Token “{created.name}” created. Copy it now: it will not be shown again.
          </div>
          <code
            data-testid="new-token"
            className="mt-2 block rounded bg-white px-3 py-2 font-mono text-sm break-all ring-1 ring-emerald-200"
          >
            {created.token}
          </code>
          <div className="mt-2 text-xs text-emerald-800">
            Use it as <code>Authorization: Bearer &lt;token&gt;</code>. It carries your role.
          </div>
        </div>
      ) : null}

      <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">API tokens</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
            <tr>
              <th className="px-4 py-2.5">Name</th>
              {showOwner ? <th className="px-4 py-2.5">Owner</th> : null}
              <th className="px-4 py-2.5">Token</th>
              <th className="px-4 py-2.5">Created</th>
              <th className="px-4 py-2.5">Last used</th>
              <th className="px-4 py-2.5">Status</th>
              <th className="px-4 py-2.5">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tokens.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-4 py-8 text-center text-slate-500">
                  No tokens yet. Create one to call the REST API from a script.
                </td>
              </tr>
            ) : null}
            {tokens.map((t) => (
              <tr key={t.id}>
                <td className="px-4 py-3 font-medium">{t.name}</td>
                {showOwner ? <td className="px-4 py-3 text-slate-600">{t.user.email}</td> : null}
                <td className="px-4 py-3 font-mono text-xs">{t.prefix}…</td>
                <td className="px-4 py-3 text-slate-500">{relativeTime(t.createdAt)}</td>
                <td className="px-4 py-3 text-slate-500">
                  {t.lastUsedAt ? relativeTime(t.lastUsedAt) : "Never"}
                </td>
                <td className="px-4 py-3">
                  {t.revokedAt ? (
                    <Badge>Revoked</Badge>
                  ) : t.expiresAt && new Date(t.expiresAt) < new Date() ? (
                    <Badge tone="amber">Expired</Badge>
                  ) : (
                    <Badge tone="green">Active</Badge>
                  )}
                </td>
                <td className="px-4 py-3 text-right">
                  {t.revokedAt ? null : (
                    <Button
                      variant="danger"
                      size="sm"
                      disabled={pending}
                      onClick={() =>
                        start(async () => {
                          const res = await revoke({ tokenId: t.id });
                          if (!res.ok) setError(res.message);
                        })
                      }
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
