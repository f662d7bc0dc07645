/* eslint-disable no-restricted-imports -- a lib/ test that goes through app/: this test opens the
   real live-stream route handler with a Bearer token and watches it end. */
import { afterEach, describe, expect, it } from "vitest";
import * as streamRoute from "@/app/api/v1/stream/route";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { changeFeed, type TChange } from "@/lib/server/change-feed";
import { makeTeam, makeUser } from "@/test/factories";
import { generateApiToken } from "./api-tokens";

const saved = { recheck: env.BATON_STREAM_RECHECK_MS, max: env.BATON_STREAM_MAX_MS };
afterEach(() => {
  env.BATON_STREAM_RECHECK_MS = saved.recheck;
  env.BATON_STREAM_MAX_MS = saved.max;
});

async function openStream(role: "AGENT" | "MANAGER" = "AGENT", teamId: string | null = null) {
  const { user } = await makeUser(role, { teamId });
  const t = generateApiToken();
  const token = await db.apiToken.create({
    data: { userId: user.id, name: "stream", prefix: t.prefix, tokenHash: t.tokenHash },
  });
  const res = await streamRoute.GET(
    new Request("http://localhost/api/v1/stream", {
      headers: { authorization: `Bearer ${t.token}` },
    }),
    { params: Promise.resolve({}) },
  );
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  expect(first).toContain("event: ready");
  return { user, token, reader };
}

/** Reads until the stream ends; fails the test if it is still open after `ms`. */
async function endsWithin(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`stream still open after ${ms} ms`);
    const next = await Promise.race([
      reader.read(),
      new Promise<"timeout">((r) => setTimeout(() => r("timeout"), left)),
    ]);
    if (next === "timeout") {
      await reader.cancel();
      throw new Error(`stream still open after ${ms} ms`);
    }
    if (next.done) return;
  }
}

describe("live stream access", () => {
  it("closes once its user is deactivated", async () => {
    env.BATON_STREAM_RECHECK_MS = 50;
    const s = await openStream();
    await db.user.update({ where: { id: s.user.id }, data: { active: false } });
    await endsWithin(s.reader, 2_000);
  });

  it("closes once its token is revoked", async () => {
    env.BATON_STREAM_RECHECK_MS = 50;
    const s = await openStream("MANAGER");
    await db.apiToken.update({ where: { id: s.token.id }, data: { revokedAt: new Date() } });
    await endsWithin(s.reader, 2_000);
  });

  it("stays open while access holds, and never past its maximum lifetime", async () => {
    env.BATON_STREAM_RECHECK_MS = 50;
    env.BATON_STREAM_MAX_MS = 600;
    const s = await openStream();
    const started = Date.now();
    await endsWithin(s.reader, 3_000);
    // Several re-checks passed in between without closing it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it("shows an agent what their current team may see, not the team they opened with", async () => {
    env.BATON_STREAM_RECHECK_MS = 50;
    const [a, b] = [await makeTeam(), await makeTeam()];
    const s = await openStream("AGENT", a.id);
    const change = (id: string, teamId: string): TChange => ({
      kind: "exception",
      id,
      teamId,
      ownerId: null,
      status: "OPEN",
      updatedAt: new Date().toISOString(),
    });
    const decoder = new TextDecoder();
    changeFeed.emit("changes", [change("seen-a", a.id)]);
    expect(decoder.decode((await s.reader.read()).value)).toContain("seen-a");
    await db.user.update({ where: { id: s.user.id }, data: { teamId: b.id } });
    await new Promise((r) => setTimeout(r, 300));
    changeFeed.emit("changes", [change("hidden-a", a.id)]);
    changeFeed.emit("changes", [change("seen-b", b.id)]);
    const next = decoder.decode((await s.reader.read()).value);
    expect(next).toContain("seen-b");
    expect(next).not.toContain("hidden-a");
    await s.reader.cancel();
  });
});
