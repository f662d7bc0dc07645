import { expect, test as setup } from "@playwright/test";
import { apiSignIn, ROLES, storageState, type TRoleName } from "./helpers";

// Signs in once per role through the API and saves the session for the specs.
for (const role of Object.keys(ROLES) as TRoleName[]) {
  setup(`sign in as ${role}`, async ({ request }) => {
    const res = await apiSignIn(request, ROLES[role]);
    expect(res.status()).toBe(200);
    const me = await request.get("/api/v1/me");
    expect(me.status()).toBe(200);
    expect((await me.json()).email).toBe(ROLES[role]);
    await request.storageState({ path: storageState(role) });
  });
}
