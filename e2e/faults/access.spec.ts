import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { navigationFor } from "../../lib/users/navigation";
import { PERMISSIONS, type TRole } from "../../lib/server/auth/permissions";
import { storageState } from "../helpers";
import { call, CALLERS, loadOperations, realParams, type TCaller } from "./client";
import { sampleFromSchema } from "./schema-sample";

/**
 * The access matrix, discovered at run time: every operation of the running
 * server's OpenAPI document and every page of the navigation, called as
 * nobody, an agent, a manager and an admin. `x-middleware-subrequest` (the
 * header behind CVE-2025-29927) must change nothing.
 */
const ROLE_OF: Record<Exclude<TCaller, "anon">, TRole> = {
  agent: "AGENT",
  manager: "MANAGER",
  admin: "ADMIN",
};
const BYPASS_HEADERS: Record<string, string>[] = [
  {},
  { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
  {
    "x-middleware-subrequest":
      "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
  },
  { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
];

/** Runs `fn` over `items` with at most `n` in flight. */
async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let t = queue.shift(); t !== undefined; t = queue.shift()) await fn(t);
    }),
  );
}

test.describe.configure({ timeout: 180_000 });

test("every REST operation answers each role by its x-permission, whatever x-middleware-subrequest says", async ({
  baseURL,
}) => {
  const { ops } = await loadOperations(baseURL!);
  const guarded = ops.filter((o) => o.permission !== null);
  expect(guarded.length, "the document lists guarded operations").toBeGreaterThan(10);
  const fill = await realParams(baseURL!, ops);
  const failures: string[] = [];
  const cases = guarded.flatMap((op) =>
    CALLERS.flatMap((who) => BYPASS_HEADERS.map((headers) => ({ op, who, headers }))),
  );
  await pool(cases, 6, async ({ op, who, headers }) => {
    const permission = op.permission as keyof typeof PERMISSIONS;
    expect(
      PERMISSIONS[permission],
      `${op.operationId}: x-permission is a known permission`,
    ).toBeTruthy();
    const allowed =
      who !== "anon" && (PERMISSIONS[permission] as readonly TRole[]).includes(ROLE_OF[who]);
    // Reads use real ids; writes use ids nobody has and a body that fails
    // validation (an array), so an allowed call is refused after the role
    // check and changes nothing.
    const p = fill(op, op.method === "get" ? "real" : "missing");
    const res = await call(baseURL!, {
      who,
      method: op.method,
      path: p,
      headers: { ...headers, ...(op.bodySchema ? { "content-type": "application/json" } : {}) },
      body: op.bodySchema ? "[]" : undefined,
    });
    const expected = who === "anon" ? 401 : allowed ? "allowed" : 403;
    const label = `${op.method.toUpperCase()} ${op.path} as ${who}${headers["x-middleware-subrequest"] ? ` + x-middleware-subrequest: ${headers["x-middleware-subrequest"].split(":")[0]}` : ""}`;
    const ok =
      expected === "allowed"
        ? res.status !== 401 && res.status !== 403 && res.status < 500
        : res.status === expected && res.contentType.includes("problem+json");
    if (!ok)
      failures.push(`${label}: expected ${expected}, got ${res.status} ${res.text.slice(0, 160)}`);
  });
  console.info(`access matrix: ${cases.length} calls over ${guarded.length} operations`);
  expect(failures, failures.join("\n")).toEqual([]);
});

const PAGE_CASES = () => {
  const all = navigationFor({ role: "ADMIN", active: true }).map((i) => i.href);
  // Static pages on disk that are not in the navigation still need a session.
  const appDir = path.resolve("app/(app)");
  const onDisk: string[] = [];
  const walk = (dir: string, route: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!d.isDirectory()) {
        if (d.name === "page.tsx") onDisk.push(route || "/");
        continue;
      }
      if (d.name.startsWith("[") || d.name.startsWith("_") || d.name.startsWith("@")) continue;
      walk(path.join(dir, d.name), d.name.startsWith("(") ? route : `${route}/${d.name}`);
    }
  };
  walk(appDir, "");
  return { all, extra: onDisk.filter((p) => !all.includes(p)) };
};

test("every page answers each role by the navigation: allowed 200, others the 403 page, nobody the sign-in", async ({
  baseURL,
}) => {
  const { all, extra } = PAGE_CASES();
  expect(all.length).toBeGreaterThan(5);
  const failures: string[] = [];
  for (const who of CALLERS) {
    const mine =
      who === "anon" ? [] : navigationFor({ role: ROLE_OF[who], active: true }).map((i) => i.href);
    for (const page of [...all, ...extra]) {
      for (const headers of BYPASS_HEADERS.slice(0, 2)) {
        const res = await call(baseURL!, { who, method: "GET", path: page, headers });
        const label = `${page} as ${who}${headers["x-middleware-subrequest"] ? " + x-middleware-subrequest" : ""}`;
        if (who === "anon") {
          if (![307, 308].includes(res.status) || !res.location.includes("/signin"))
            failures.push(
              `${label}: expected a redirect to /signin, got ${res.status} ${res.location}`,
            );
        } else if (extra.includes(page)) {
          // Not in the navigation: no declared permission; never a 5xx or a sign-in loop.
          if (res.status >= 500 || res.location.includes("/signin"))
            failures.push(`${label}: got ${res.status} ${res.location}`);
        } else if (mine.includes(page)) {
          if (res.status !== 200) failures.push(`${label}: expected 200, got ${res.status}`);
        } else if (res.status !== 403 || !res.text.includes("have access to this page")) {
          failures.push(`${label}: expected the 403 page, got ${res.status}`);
        }
      }
    }
  }
  expect(failures, failures.join("\n")).toEqual([]);
});

test.describe("object level: an agent guessing ids", () => {
  test.use({ storageState: storageState("agent") });

  test("gets nothing of another team's exception or another agent's handoff from any operation", async ({
    baseURL,
  }) => {
    const { ops } = await loadOperations(baseURL!);
    const asManager = async (p: string) => {
      const res = await call(baseURL!, { who: "manager", method: "GET", path: p });
      expect(res.status, p).toBe(200);
      return JSON.parse(res.text) as { data: Record<string, unknown>[] };
    };
    const me = JSON.parse(
      (await call(baseURL!, { who: "agent", method: "GET", path: "/api/v1/me" })).text,
    );
    const exceptions = await asManager("/api/v1/exceptions?status=all&limit=200");
    const foreignException = exceptions.data.find(
      (e) =>
        (e.team as { id?: string } | null)?.id !== undefined &&
        (e.team as { id: string }).id !== me.teamId &&
        (e.owner as { id?: string } | null)?.id !== me.id,
    );
    const users = await asManager("/api/v1/users?q=priya%40example.com");
    const priya = users.data.find((u) => u.email === "priya@example.com");
    expect(priya, "the seed has a second agent").toBeTruthy();
    const handoffs = await asManager(`/api/v1/handoffs?owner=${priya!.id}&view=open`);
    const foreignHandoff = handoffs.data[0];
    expect(foreignException, "the seed has another team's exception").toBeTruthy();
    expect(foreignHandoff, "the other agent owns an open handoff").toBeTruthy();

    const targets = [
      { prefix: "/api/v1/exceptions/{id}", item: foreignException! },
      { prefix: "/api/v1/handoffs/{id}", item: foreignHandoff },
    ];
    const failures: string[] = [];
    let tried = 0;
    for (const { prefix, item } of targets) {
      for (const op of ops.filter((o) => o.path.startsWith(prefix))) {
        const body = op.bodySchema
          ? { ...(sampleFromSchema(op.bodySchema) as object), version: item.version }
          : undefined;
        const res = await call(baseURL!, {
          who: "agent",
          method: op.method,
          path: op.path.replace("{id}", String(item.id)),
          headers: body ? { "content-type": "application/json" } : {},
          body: body ? JSON.stringify(body) : undefined,
        });
        tried += 1;
        const leaked = res.text.includes(String(item.id)) && res.status < 300;
        if (![403, 404].includes(res.status) || leaked)
          failures.push(
            `${op.method.toUpperCase()} ${op.path}: got ${res.status} ${res.text.slice(0, 160)}`,
          );
      }
    }
    expect(tried).toBeGreaterThanOrEqual(4);
    expect(failures, failures.join("\n")).toEqual([]);
    // And nothing changed: the manager still sees both as they were.
    const after = (await asManager(`/api/v1/exceptions/${foreignException!.id}`)) as unknown as {
      exception: { version: number; status: string };
    };
    expect(after.exception).toMatchObject({
      version: foreignException!.version,
      status: foreignException!.status,
    });
    const handoffAfter = (await asManager(`/api/v1/handoffs/${foreignHandoff.id}`)) as unknown as {
      handoff: { version: number; state: string };
    };
    expect(handoffAfter.handoff).toMatchObject({
      version: foreignHandoff.version,
      state: foreignHandoff.state,
    });
  });
});
