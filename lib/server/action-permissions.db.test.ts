import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { makeUser } from "@/test/factories";
import { PERMISSIONS, type TRole } from "@/lib/server/auth/permissions";
import type { TActor } from "./auth/actor";
import { db } from "./db";

/**
 * The server-action permission matrix. Every `"use server"` module under app/
 * is found on disk, every export in it must be built with defineAction (which
 * exposes `permission`), and each action is called as nobody, an agent, a
 * manager and an admin. Only the session is mocked: `getSessionActor` answers
 * the actor under test (a real user row, so audit rows can reference it) and
 * `next/headers` answers empty request headers. The role check, the audit of
 * refusals and the input schema all run for real, against the test database.
 */
const session = vi.hoisted(() => ({ actor: null as TActor | null }));
vi.mock("./auth/current-user", () => ({
  getSessionActor: async () => session.actor,
  getTokenActor: async () => null,
  requireUser: async () => session.actor,
  requirePagePermission: async () => session.actor,
}));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, getAll: () => [] }),
}));
vi.mock("next/cache", () => ({
  revalidatePath: () => {},
  revalidateTag: () => {},
  refresh: () => {},
}));

const appDir = path.resolve(import.meta.dirname, "../../app");

function serverActionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return serverActionFiles(full);
    if (!/\.(ts|tsx)$/.test(d.name)) return [];
    const head = fs.readFileSync(full, "utf8").trimStart();
    return /^["']use server["']/.test(head) ? [full] : [];
  });
}

type TFound = {
  file: string;
  exportName: string;
  fn: (raw: unknown) => Promise<{ ok: boolean; code?: string; status?: number }>;
  permission: keyof typeof PERMISSIONS;
  actionName: string;
};

const ROLES: TRole[] = ["AGENT", "MANAGER", "ADMIN"];
const files = serverActionFiles(appDir);
const found: TFound[] = [];
const actors = {} as Record<TRole, TActor>;

beforeAll(async () => {
  for (const file of files) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      const fn = value as TFound["fn"] & Partial<Pick<TFound, "permission" | "actionName">>;
      // Every export of a "use server" module is callable from the browser.
      if (!fn.permission || !fn.actionName) {
        throw new Error(
          `${path.relative(appDir, file)} exports "${exportName}" without defineAction: ` +
            "every server action must declare its permission",
        );
      }
      found.push({
        file: path.relative(appDir, file),
        exportName,
        fn,
        permission: fn.permission,
        actionName: fn.actionName,
      });
    }
  }
  for (const role of ROLES) actors[role] = (await makeUser(role)).actor;
});

describe("every server action checks the caller's role on the server", () => {
  it("finds the server actions on disk", () => {
    expect(files.length).toBeGreaterThan(0);
    expect(found.length).toBeGreaterThanOrEqual(files.length);
    expect(new Set(found.map((f) => f.actionName)).size).toBe(found.length);
  });

  it("refuses anonymous callers with UNAUTHENTICATED", async () => {
    session.actor = null;
    for (const a of found) {
      const res = await a.fn({});
      expect(res, `${a.file} ${a.exportName}`).toMatchObject({
        ok: false,
        code: "UNAUTHENTICATED",
      });
    }
  });

  for (const role of ROLES) {
    it(`as ${role}: refuses without the permission (audited), lets the rest through to validation`, async () => {
      session.actor = actors[role];
      const report: string[] = [];
      for (const a of found) {
        const allowed = (PERMISSIONS[a.permission] as readonly TRole[]).includes(role);
        const before = await db.auditEntry.count({
          where: { action: "access.denied", actorId: actors[role].id },
        });
        const res = await a.fn({});
        const label = `${a.file} ${a.exportName} (${a.permission})`;
        if (allowed) {
          expect(res.code, label).not.toBe("FORBIDDEN");
          expect(res.code, label).not.toBe("UNAUTHENTICATED");
          // {} is not a valid input for any action that takes one: the schema answers.
          expect(res.code === undefined || res.code === "VALIDATION_FAILED", label).toBe(true);
        } else {
          expect(res, label).toMatchObject({ ok: false, code: "FORBIDDEN", status: 403 });
          const after = await db.auditEntry.count({
            where: { action: "access.denied", actorId: actors[role].id },
          });
          expect(after, `${label}: the refusal is audited`).toBe(before + 1);
        }
        report.push(`${allowed ? "allow" : "deny "} ${label} → ${res.code ?? "ok"}`);
      }
      expect(report.length).toBe(found.length);
    });
  }

  it("an actor whose account was deactivated is refused every action", async () => {
    session.actor = { ...actors.ADMIN, active: false };
    for (const a of found) {
      const res = await a.fn({});
      expect(res.code, a.actionName).toBe("FORBIDDEN");
    }
  });
});
