import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionActor } from "@/lib/server/auth/current-user";
import { sameOriginPath } from "@/lib/server/auth/same-origin-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  if (await getSessionActor()) redirect("/");
  const { callbackUrl } = await searchParams;
  // Only same-origin paths: an open redirect after sign-in is a phishing aid.
  // The base is a placeholder: a relative path resolves against any origin the
  // same way, and anything that reaches another origin is refused.
  const next = sameOriginPath(callbackUrl, "http://baton.invalid") ?? "/";
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span className="bg-brand-600 flex h-9 w-9 items-center justify-center rounded-lg text-lg font-bold text-white">
            B
          </span>
          <span className="text-xl font-semibold tracking-tight">Baton</span>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h1 className="text-lg font-semibold">Sign in</h1>
          <p className="mt-1 mb-5 text-sm text-slate-500">
            Handoffs and exception queues for your team.
          </p>
          <SignInForm next={next} />
        </div>
      </div>
    </main>
  );
}
