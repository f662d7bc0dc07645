import fs from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { apiSignIn, ROLES, webFormSecretFile } from "./helpers";

// The seeded "web-form" source feeds the seeded "Inbound lead routing"
// workflow. Its secret is random per seed, so the setup rotates it once and
// shares the new one with the specs that post events to that workflow.
setup("know the web-form source's secret", async ({ request }) => {
  expect((await apiSignIn(request, ROLES.admin)).status()).toBe(200);
  const res = await request.post("/api/v1/sources/web-form/rotate-secret", {
    data: { overlapMinutes: 0 },
  });
  expect(res.status()).toBe(200);
  const body = await res.json();
  fs.mkdirSync("e2e/.auth", { recursive: true });
  fs.writeFileSync(webFormSecretFile, JSON.stringify({ secret: body.signingSecret }));
});
