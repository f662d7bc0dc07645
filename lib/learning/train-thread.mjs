// Bootstraps a training thread: worker threads do not inherit the process's
// TypeScript loader, so this plain module registers tsx and loads the entry.
import { register } from "tsx/esm/api";

register();
await import("./train-thread.ts");
