import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="mx-auto mt-24 max-w-md text-center">
      <p className="text-sm font-semibold text-red-600">403</p>
      <h1 className="mt-1 text-xl font-semibold">You don’t have access to this page</h1>
      <p className="mt-2 text-sm text-slate-600">
        Your role does not include it. If you need it, ask an admin to change your role.
      </p>
      <Link href="/" className={buttonClass("secondary") + " mt-6"}>
        Back to your work
      </Link>
    </main>
  );
}
