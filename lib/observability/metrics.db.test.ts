/* eslint-disable no-restricted-imports -- a lib/ test that goes through app/: this test calls the
   /metrics route handler directly to pin its authentication. */
import { afterEach, describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/metrics/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { env } from "@/lib/server/env";
import { makeUser, uniq } from "@/test/factories";
import { drain, makeSource, makeTeamWithAgents, makeWorkflow, receiveEvent } from "@/test/pipeline";
import { parsePrometheusText, type TFamily } from "@/test/prometheus-parser";
import { readMetricFamilies } from "./data";
import { formatMetrics } from "./prometheus";

const scrape = async () => parsePrometheusText(formatMetrics(await readMetricFamilies()));

function sample(f: TFamily | undefined, name: string, labels: Record<string, string>) {
  return f?.samples.find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;
}

describe("pipeline latency histograms", () => {
  it("count each processed event once per stage, in the batch's transaction", async () => {
    const { team } = await makeTeamWithAgents(1);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
    });
    // Other test files share the database: process their leftover events first.
    await drain(["event.process"]);
    const before = (await scrape()).get("baton_pipeline_seconds");
    for (let i = 0; i < 3; i++) await receiveEvent(source.id, { email: `${uniq()}@acme.example` });
    await drain(["event.process"]);
    const after = (await scrape()).get("baton_pipeline_seconds");
    expect(after?.type).toBe("histogram");
    for (const stage of ["ack", "queue", "decide"]) {
      const count = (f: TFamily | undefined) =>
        sample(f, "baton_pipeline_seconds_count", { stage }) ?? 0;
      expect(count(after) - count(before), stage).toBe(3);
      const inf = sample(after, "baton_pipeline_seconds_bucket", { stage, le: "+Inf" });
      expect(inf).toBe(count(after));
      expect(sample(after, "baton_pipeline_seconds_sum", { stage })).toBeGreaterThanOrEqual(0);
    }
    // Processing the same jobs again (a replayed job that finds the event done) adds nothing.
    await drain(["event.process"]);
    const again = (await scrape()).get("baton_pipeline_seconds");
    expect(sample(again, "baton_pipeline_seconds_count", { stage: "decide" })).toBe(
      sample(after, "baton_pipeline_seconds_count", { stage: "decide" }),
    );
  });

  it("exposes a whole document a strict parser accepts, with received and rejected counters", async () => {
    const families = await scrape();
    expect(families.get("baton_events_received_total")?.type).toBe("counter");
    expect(families.get("baton_events_rejected")).toBeDefined();
    expect(families.get("baton_pipeline_seconds")?.samples.length).toBeGreaterThanOrEqual(
      3 * 19, // 3 stages × (16 bounds + +Inf + _sum + _count)
    );
  });
});

describe("GET /metrics authentication", () => {
  const saved = env.METRICS_TOKEN;
  afterEach(() => {
    env.METRICS_TOKEN = saved;
  });

  const get = (authorization?: string) =>
    metricsRoute.GET(
      new Request("http://localhost/metrics", {
        headers: authorization ? { authorization } : {},
      }),
    );

  it("without METRICS_TOKEN: admins (API token) only; anonymous 401, others 403", async () => {
    env.METRICS_TOKEN = undefined;
    const { actor: admin } = await makeUser("ADMIN");
    const { actor: manager } = await makeUser("MANAGER");
    const adminToken = (await createApiToken(admin, { name: "m", expiresInDays: null })).token;
    const managerToken = (await createApiToken(manager, { name: "m", expiresInDays: null })).token;

    const ok = await get(`Bearer ${adminToken}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    parsePrometheusText(await ok.text());

    const anon = await get();
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toBe("Bearer");
    expect((await get("Bearer wrong")).status).toBe(401);
    expect((await get(`Bearer ${managerToken}`)).status).toBe(403);
  });

  it("with METRICS_TOKEN: exactly that bearer token, even an admin's own token is refused", async () => {
    env.METRICS_TOKEN = "scrape-secret-0123456789";
    const { actor: admin } = await makeUser("ADMIN");
    const adminToken = (await createApiToken(admin, { name: "m", expiresInDays: null })).token;
    const ok = await get("Bearer scrape-secret-0123456789");
    expect(ok.status).toBe(200);
    expect(parsePrometheusText(await ok.text()).has("baton_pipeline_seconds")).toBe(true);
    expect((await get("Bearer scrape-secret-012345678")).status).toBe(401);
    expect((await get(`Bearer ${adminToken}`)).status).toBe(401);
    expect((await get()).status).toBe(401);
  });
});
