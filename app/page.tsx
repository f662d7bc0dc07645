import { redirect } from "next/navigation";
import { requireUser } from "@/lib/server/auth/current-user";

export default async function Home() {
  const user = await requireUser();
  redirect(user.role === "AGENT" ? "/inbox" : "/queue");
}
