import "server-only";
import { createDbClient, type TDb } from "./db-client";
import { env } from "./env";

// One client per process. In development Next reloads modules, so the client is
// kept on globalThis to avoid opening a new pool on every edit.
const globalForDb = globalThis as unknown as { __batonDb?: TDb };

export const db: TDb = (globalForDb.__batonDb ??= createDbClient(env.DATABASE_URL));
