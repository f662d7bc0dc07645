import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeTeam, makeUser } from "@/test/factories";
import { findSavedViews } from "./data";
import { createSavedView, deleteSavedView } from "./mutations";
import { ZCreateSavedView } from "./schema";

describe("saved views", () => {
  it("validate the query string against the queue's query", () => {
    expect(
      ZCreateSavedView.parse({ name: "Breached", query: "?sla=breached&reason=NO_ROUTE" }),
    ).toEqual({
      name: "Breached",
      query: "sla=breached&reason=NO_ROUTE",
      shared: false,
    });
    expect(ZCreateSavedView.safeParse({ name: "x", query: "reason=NOPE" }).success).toBe(false);
    expect(ZCreateSavedView.safeParse({ name: "x", query: `q=${"a".repeat(2001)}` }).success).toBe(
      false,
    );
  });

  it("are private for agents and shared with the team by managers; audited", async () => {
    const team = await makeTeam();
    const agent = await makeUser("AGENT", { teamId: team.id });
    const colleague = await makeUser("AGENT", { teamId: team.id });
    const manager = await makeUser("MANAGER", { teamId: team.id });
    const outsider = await makeUser("MANAGER", { teamId: (await makeTeam()).id });
    await expect(
      createSavedView(agent.actor, { name: "Mine", query: "sla=breached", shared: true }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const mine = await createSavedView(agent.actor, {
      name: "Mine",
      query: "sla=breached",
      shared: false,
    });
    const shared = await createSavedView(
      manager.actor,
      { name: "Team", query: "reason=STUCK", shared: true },
      { requestId: "sv" },
    );
    expect((await findSavedViews(agent.actor)).data.map((v) => v.name).sort()).toEqual([
      "Mine",
      "Team",
    ]);
    expect((await findSavedViews(colleague.actor)).data.map((v) => v.name)).toEqual(["Team"]);
    expect((await findSavedViews(outsider.actor)).data).toEqual([]);
    expect(
      await db.auditEntry.count({
        where: { entityId: shared.id, action: "saved_view.created", requestId: "sv" },
      }),
    ).toBe(1);

    await expect(deleteSavedView(colleague.actor, mine.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(deleteSavedView(agent.actor, shared.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(deleteSavedView(agent.actor, mine.id)).resolves.toEqual({
      id: mine.id,
      deleted: true,
    });
    await expect(deleteSavedView(manager.actor, shared.id)).resolves.toMatchObject({
      deleted: true,
    });
    expect(
      await db.auditEntry.count({
        where: { entityId: { in: [mine.id, shared.id] }, action: "saved_view.deleted" },
      }),
    ).toBe(2);
  });
});
