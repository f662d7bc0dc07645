import { Card, CardHeader } from "@/components/ui/card";
import { presetGuide } from "./presets";

const SECRET_TEXT = {
  baton:
    "Baton made it and showed it once when the source was added; rotate it under Settings and secret to get a new one.",
  provider:
    "The sender shows it (see the steps); it was pasted here when the source was added and is stored encrypted. Paste a new one under Settings and secret.",
  user: "The same value on both sides: typed (or made by Baton and shown once) when the source was added. Change it under Settings and secret.",
  none: "None.",
} as const;

/**
 * "How to connect": for the source's preset, exactly what to paste where in
 * the sender's settings. `url` is the public endpoint (BATON_PUBLIC_URL, else
 * this request's host), the one a preset that signs the URL must be given.
 */
export function ConnectPanel({ preset, url }: { preset: string | null; url: string }) {
  const guide = presetGuide(preset);
  return (
    <Card>
      <CardHeader
        title={`Connect ${guide.label}`}
        description="What to set in the sender's settings."
      />
      <div className="space-y-3 px-5 pb-5 text-sm text-slate-700">
        <div>
          <div className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Endpoint URL
          </div>
          <code
            data-testid="connect-url"
            className="mt-1 block rounded-md bg-slate-50 px-2.5 py-1.5 font-mono text-xs break-all ring-1 ring-slate-200"
          >
            {url}
          </code>
          {guide.signsUrl ? (
            <p className="mt-1 text-xs text-amber-800">
              This sender signs the full URL: type it exactly as shown. Set BATON_PUBLIC_URL if
              Baton is behind a proxy.
            </p>
          ) : null}
        </div>
        <div>
          <div className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Secret</div>
          <p className="mt-1 text-xs text-slate-600">{SECRET_TEXT[guide.secret]}</p>
        </div>
        <ol className="list-decimal space-y-1.5 pl-5" aria-label="Connect steps">
          {guide.steps.map((step) => (
            <li key={step}>{step.replaceAll("{url}", url)}</li>
          ))}
        </ol>
      </div>
    </Card>
  );
}
