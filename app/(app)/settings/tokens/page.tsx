import type { Metadata } from "next";
import { TokenManager } from "@/components/tokens/token-manager";
import { PageHeader } from "@/components/ui/page-header";
import { findApiTokens } from "@/lib/api-tokens/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { can } from "@/lib/server/auth/permissions";
import { plain } from "@/lib/server/plain";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const actor = await requirePagePermission("tokens:own");
  const tokens = await findApiTokens(actor);
  const admin = can(actor, "tokens:manage-all");
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          admin
            ? "Personal tokens for the REST API. As an admin you see everyone's and can revoke any of them."
            : "Personal tokens for the REST API. A token acts with your role; revoke it when it is no longer needed."
        }
      />
      <TokenManager
        tokens={plain(tokens)}
        showOwner={admin}
        create={createTokenAction}
        revoke={revokeTokenAction}
      />
    </>
  );
}
