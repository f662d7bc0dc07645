"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";

/** The copy-paste HTML for the customer's site, with the real public address. */
export function FormSnippet({
  actionUrl,
  snippet,
  enabled,
}: {
  actionUrl: string;
  snippet: string;
  enabled: boolean;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <Card>
      <CardHeader
        title="HTML for your site"
        description={
          <>
            Paste this where the form should appear and adapt the fields. It posts to{" "}
            <code className="text-xs">{actionUrl}</code>
            {enabled ? null : <> (turn the form on first: until then posts get 404)</>}.
          </>
        }
        actions={
          <button
            type="button"
            onClick={async () => {
              await navigator.clipboard?.writeText(snippet).catch(() => undefined);
              setCopied(true);
            }}
            className="inline-flex h-8 items-center gap-1.5 rounded-md bg-white px-2.5 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50"
          >
            {copied ? <Check className="h-4 w-4" /> : <Copy className="h-4 w-4" />}
            {copied ? "Copied" : "Copy"}
          </button>
        }
      />
      <pre
        data-testid="form-snippet"
        className="overflow-x-auto p-5 font-mono text-xs leading-relaxed whitespace-pre text-slate-800"
      >
        {snippet}
      </pre>
    </Card>
  );
}
