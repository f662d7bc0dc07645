import { findAuditPage } from "@/lib/audit/data";
import { ZAuditListQuery } from "@/lib/audit/schema";
import { withApi } from "@/lib/server/api";

export const GET = withApi({ permission: "audit:view", query: ZAuditListQuery }, ({ query }) =>
  findAuditPage(query),
);
