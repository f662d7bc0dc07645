"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { inputClass } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import { Time } from "@/components/ui/time";

/** The source's email settings as the page loads them (`getEmailSettings`), dates as ISO text. */
export type TEmailSectionData = {
  sourceKey: string;
  acceptsEmail: boolean;
  address: string | null;
  listener: { enabled: boolean; port: number | null; domain: string | null };
  mailbox: {
    host: string;
    port: number;
    secure: boolean;
    username: string;
    folder: string;
    pollSeconds: number;
    markSeen: boolean;
    active: boolean;
    lastPollAt: string | null;
    lastSuccessAt: string | null;
    lastError: string | null;
    lastErrorAt: string | null;
  } | null;
};

type TProblem = { detail?: string; errors?: Record<string, string[]> };

/**
 * Inbound email for one source: the address to forward mail to (Baton's
 * SMTP listener), the accepts-email switch, and the IMAP mailbox form with
 * its last poll and error. Writes go through the REST API (admin checked on
 * the server); the password is never shown back, only replaced.
 */
export function EmailIntakeSection({
  data,
  canEdit,
}: {
  data: TEmailSectionData;
  canEdit: boolean;
}) {
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const m = data.mailbox;
  const base = `/api/v1/sources/${encodeURIComponent(data.sourceKey)}`;

  async function send(url: string, method: string, body?: unknown, done = "Saved") {
    setBusy(true);
    setMessage(null);
    setErrors({});
    try {
      const res = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) {
        const p = (await res.json().catch(() => ({}))) as TProblem;
        setErrors(p.errors ?? {});
        setMessage(p.detail ?? `Failed (${res.status})`);
        return;
      }
      setMessage(done);
      router.refresh();
    } catch {
      setMessage("Could not reach the server; try again");
    } finally {
      setBusy(false);
    }
  }

  const err = (f: string) => errors[f]?.[0];
  const num = (v: FormDataEntryValue | null) => (v === null || v === "" ? undefined : Number(v));

  return (
    <Card>
      <CardHeader
        title="Email"
        description="Leads sent or forwarded by email become events: the sender is the identity, replies join their thread."
      />
      <div className="space-y-6 p-5 text-sm">
        <section aria-labelledby={`${id}-fwd`} className="space-y-2">
          <h3 id={`${id}-fwd`} className="font-medium text-slate-900">
            Forward to Baton
          </h3>
          {data.listener.enabled ? (
            <p className="text-slate-600">
              Forward or send mail to{" "}
              <code className="rounded bg-slate-100 px-1.5 py-0.5">{data.address}</code>
              {data.listener.domain ? null : (
                <>
                  {" "}
                  (any domain whose mail reaches Baton&apos;s listener; set BATON_MAIL_DOMAIN to pin
                  one)
                </>
              )}
              .
            </p>
          ) : (
            <p className="text-slate-600">
              The SMTP listener is off. To turn it on, set <code>BATON_SMTP_PORT=2525</code> and{" "}
              <code>BATON_MAIL_DOMAIN</code> (the domain your MX hands to Baton), then restart{" "}
              <code>npm start</code>.
            </p>
          )}
          <label className="flex items-center gap-2 text-slate-700">
            <input
              type="checkbox"
              className="h-4 w-4 rounded border-slate-300"
              checked={data.acceptsEmail}
              disabled={!canEdit || busy}
              onChange={(e) => void send(base, "PATCH", { acceptsEmail: e.target.checked })}
            />
            Accept email for this source
          </label>
        </section>

        <section aria-labelledby={`${id}-imap`} className="space-y-3">
          <div className="flex items-center gap-2">
            <h3 id={`${id}-imap`} className="font-medium text-slate-900">
              Poll a mailbox (IMAP)
            </h3>
            {m ? (
              m.lastError ? (
                <Badge tone="red">Failing</Badge>
              ) : m.lastSuccessAt ? (
                <Badge tone="green">Polling</Badge>
              ) : (
                <Badge tone="amber">Waiting for the first poll</Badge>
              )
            ) : null}
          </div>
          {m ? (
            <p className="text-slate-600">
              Last poll <Time value={m.lastPollAt} />, last success <Time value={m.lastSuccessAt} />
              {m.lastError ? (
                <>
                  . Last error (<Time value={m.lastErrorAt} />
                  ): <span className="text-red-700">{m.lastError}</span>
                </>
              ) : null}
            </p>
          ) : (
            <p className="text-slate-600">
              For a mailbox you cannot point at Baton. Every message already in the folder is
              imported too, so a dedicated folder (a filter that moves lead mail there) works best.
            </p>
          )}
          <form
            className="grid gap-4 sm:grid-cols-2"
            onSubmit={(e) => {
              e.preventDefault();
              const fd = new FormData(e.currentTarget);
              const password = String(fd.get("password") ?? "");
              void send(`${base}/mailbox`, "PUT", {
                host: String(fd.get("host") ?? ""),
                port: num(fd.get("port")),
                secure: fd.get("secure") === "on",
                username: String(fd.get("username") ?? ""),
                ...(password ? { password } : {}),
                folder: String(fd.get("folder") ?? "") || undefined,
                pollSeconds: num(fd.get("pollSeconds")),
                markSeen: fd.get("markSeen") === "on",
                active: fd.get("active") === "on",
              });
            }}
          >
            <fieldset disabled={!canEdit || busy} className="contents">
              <Field id={`${id}-host`} label="IMAP server" error={err("host")}>
                <input
                  id={`${id}-host`}
                  name="host"
                  required
                  defaultValue={m?.host}
                  placeholder="imap.example.com"
                  className={inputClass}
                  {...fieldAria(`${id}-host`, err("host"))}
                />
              </Field>
              <Field id={`${id}-port`} label="Port" error={err("port")}>
                <input
                  id={`${id}-port`}
                  name="port"
                  type="number"
                  min={1}
                  max={65535}
                  defaultValue={m?.port ?? 993}
                  className={inputClass}
                  {...fieldAria(`${id}-port`, err("port"))}
                />
              </Field>
              <Field id={`${id}-user`} label="User name" error={err("username")}>
                <input
                  id={`${id}-user`}
                  name="username"
                  required
                  autoComplete="off"
                  defaultValue={m?.username}
                  className={inputClass}
                  {...fieldAria(`${id}-user`, err("username"))}
                />
              </Field>
              <Field
                id={`${id}-pass`}
                label="Password"
                hint={m ? "Stored encrypted and never shown; leave empty to keep it." : undefined}
                error={err("password")}
              >
                <input
                  id={`${id}-pass`}
                  name="password"
                  type="password"
                  autoComplete="new-password"
                  required={!m}
                  className={inputClass}
                  {...fieldAria(`${id}-pass`, err("password"), Boolean(m))}
                />
              </Field>
              <Field id={`${id}-folder`} label="Folder" error={err("folder")}>
                <input
                  id={`${id}-folder`}
                  name="folder"
                  defaultValue={m?.folder ?? "INBOX"}
                  className={inputClass}
                  {...fieldAria(`${id}-folder`, err("folder"))}
                />
              </Field>
              <Field
                id={`${id}-every`}
                label="Check every (seconds)"
                hint="New mail arrives at once where the server supports IDLE."
                error={err("pollSeconds")}
              >
                <input
                  id={`${id}-every`}
                  name="pollSeconds"
                  type="number"
                  min={15}
                  max={3600}
                  defaultValue={m?.pollSeconds ?? 60}
                  className={inputClass}
                  {...fieldAria(`${id}-every`, err("pollSeconds"), true)}
                />
              </Field>
              <div className="flex flex-wrap gap-4 text-slate-700 sm:col-span-2">
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    name="secure"
                    defaultChecked={m?.secure ?? true}
                    className="h-4 w-4 rounded border-slate-300"
                  />
                  TLS (port 993)
                </label>
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    name="markSeen"
                    defaultChecked={m?.markSeen ?? false}
                    className="h-4 w-4 rounded border-slate-300"
                  />
                  Mark messages read once stored
                </label>
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    name="active"
                    defaultChecked={m?.active ?? true}
                    className="h-4 w-4 rounded border-slate-300"
                  />
                  Polling on
                </label>
              </div>
              <div className="flex items-center gap-3 sm:col-span-2">
                <Button type="submit">{m ? "Save mailbox" : "Connect mailbox"}</Button>
                {m ? (
                  <Button
                    type="button"
                    variant="danger"
                    onClick={() =>
                      void send(`${base}/mailbox`, "DELETE", undefined, "Mailbox removed")
                    }
                  >
                    Remove
                  </Button>
                ) : null}
                {message ? (
                  <p role="status" className="text-slate-600">
                    {message}
                  </p>
                ) : null}
              </div>
            </fieldset>
          </form>
        </section>
      </div>
    </Card>
  );
}
