import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto mt-24 max-w-md text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-1 text-xl font-semibold">Nothing here</h1>
      <p className="mt-2 text-sm text-slate-600">
        The page or item does not exist, or is not visible to you.
      </p>
      <Link href="/" className={buttonClass("secondary") + " mt-6"}>
        Back to your work
      </Link>
    </main>
  );
}
