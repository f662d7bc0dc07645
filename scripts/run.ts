import { spawnSync } from "node:child_process";

/** Runs a command inheriting stdio; exits this process if it fails. */
export function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const res = spawnSync(cmd, args, {
    stdio: "inherit",
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", ...extraEnv },
  });
  if (res.status !== 0) {
    console.error(`✗ ${cmd} ${args.join(" ")} exited with ${res.status ?? res.signal}`);
    process.exit(res.status ?? 1);
  }
}

/** Runs a command and returns its stdout (stderr passes through). */
export function capture(cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const res = spawnSync(cmd, args, {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", ...extraEnv },
  });
  return { status: res.status ?? 1, stdout: res.stdout ?? "" };
}

export const prismaBin = "node_modules/.bin/prisma";
