// These tests call the thin route handlers beside them directly, with Bearer tokens, to pin
// the REST contract.
import { describe, expect, it } from "vitest";
import * as listRoute from "@/app/api/v1/notifications/route";
import * as readRoute from "@/app/api/v1/notifications/read/route";
import * as prefsRoute from "@/app/api/v1/me/notification-preferences/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import type { TActor } from "@/lib/server/auth/actor";
// eslint-disable-next-line no-restricted-imports -- the test sets up and checks rows itself; routes may not.
import { db } from "@/lib/server/db";
import { makeUser, uniq } from "@/test/factories";

type TRoute = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function client(actor: TActor) {
  const { token } = await createApiToken(actor, { name: "test", expiresInDays: null });
  return async (route: TRoute, path: string, body?: unknown, method = "POST") => {
    const res = await route(
      new Request(`http://localhost${path}`, {
        method: body === undefined ? "GET" : method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      { params: Promise.resolve({}) },
    );
    return { status: res.status, body: await res.json() };
  };
}

async function seed(userId: string, n: number) {
  const base = Date.now() - n * 1000;
  const tag = uniq();
  await db.notification.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      userId,
      kind: "exception_opened",
      title: `N${i}`,
      link: `/queue?open=${tag}${i}`,
      createdAt: new Date(base + i * 1000),
      dedupeKey: `${tag}:${i}`,
    })),
  });
}

describe("REST: notifications", () => {
  it("pages the caller's own notifications newest first and marks them read", async () => {
    const { user, actor } = await makeUser("AGENT");
    const { user: other } = await makeUser("AGENT");
    await seed(user.id, 5);
    await seed(other.id, 2);
    const call = await client(actor);

    const p1 = await call(listRoute.GET, "/api/v1/notifications?limit=3");
    expect(p1.status).toBe(200);
    expect(p1.body.data.map((n: { title: string }) => n.title)).toEqual(["N4", "N3", "N2"]);
    expect(p1.body.unreadCount).toBe(5);
    const p2 = await call(
      listRoute.GET,
      `/api/v1/notifications?limit=3&cursor=${p1.body.nextCursor}`,
    );
    expect(p2.body.data.map((n: { title: string }) => n.title)).toEqual(["N1", "N0"]);
    expect(p2.body.nextCursor).toBeNull();

    const otherIds = (await db.notification.findMany({ where: { userId: other.id } })).map(
      (n) => n.id,
    );
    const marked = await call(readRoute.POST, "/api/v1/notifications/read", {
      ids: [p1.body.data[0].id, ...otherIds],
    });
    expect(marked).toEqual({ status: 200, body: { updated: 1, unreadCount: 4 } });
    // Someone else's ids are ignored, not marked.
    expect(await db.notification.count({ where: { userId: other.id, readAt: null } })).toBe(2);

    const unread = await call(listRoute.GET, "/api/v1/notifications?unread=true");
    expect(unread.body.data).toHaveLength(4);
    const all = await call(readRoute.POST, "/api/v1/notifications/read", { all: true });
    expect(all.body).toEqual({ updated: 4, unreadCount: 0 });
    const audit = await db.auditEntry.findFirst({
      where: { action: "notifications.read", actorId: user.id },
      orderBy: { createdAt: "desc" },
    });
    expect(audit?.after).toEqual({ all: true, count: 4 });
  });

  it("refuses bad input with field errors and anonymous callers", async () => {
    const { actor } = await makeUser("MANAGER");
    const call = await client(actor);
    const bad = await call(readRoute.POST, "/api/v1/notifications/read", { ids: [] });
    expect(bad.status).toBe(400);
    const both = await call(readRoute.POST, "/api/v1/notifications/read", { all: false });
    expect(both.status).toBe(400);
    const cursor = await call(listRoute.GET, "/api/v1/notifications?cursor=nope");
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors.cursor).toBeDefined();
    const anon = await (listRoute.GET as TRoute)(
      new Request("http://localhost/api/v1/notifications", {
        headers: { authorization: "Bearer nope" },
      }),
      { params: Promise.resolve({}) },
    );
    expect(anon.status).toBe(401);
  });

  it("reads and replaces the caller's email settings, with field errors for bad input", async () => {
    const { actor } = await makeUser("AGENT");
    const call = await client(actor);
    const path = "/api/v1/me/notification-preferences";
    const first = await call(prefsRoute.GET, path);
    expect(first.body).toMatchObject({ digest: false, digestHour: 8 });
    expect(first.body.emailKinds).toContain("assigned");
    const put = await call(
      prefsRoute.PUT,
      path,
      { emailKinds: ["sla_soon", "dead_letters"], digest: true, digestHour: 6 },
      "PUT",
    );
    expect(put.status).toBe(200);
    // An agent is never sent the dead-letter alarm: it is not kept.
    expect(put.body).toMatchObject({ emailKinds: ["sla_soon"], digest: true, digestHour: 6 });
    expect((await call(prefsRoute.GET, path)).body.emailKinds).toEqual(["sla_soon"]);
    const bad = await call(
      prefsRoute.PUT,
      path,
      { emailKinds: ["pigeon"], digest: true, digestHour: 24 },
      "PUT",
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["digestHour", "emailKinds.0"]);
  });
});
