// If a step after the client's creation fails, the create removes the client (and the groups it
// made) before failing, so a retry starts clean instead of meeting a 409.
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { adminCall, clientInputs, PocketIdEmulator, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

it("a failure while setting groups leaves neither client nor created group behind", async () => {
  const inputs = clientInputs(emu, { allowedGroups: ["fresh-group"] });
  emu.injectFault({
    method: "PUT",
    path: `/api/oidc/clients/${inputs.clientId}/allowed-user-groups`,
    status: 500,
  });
  await expect(new OidcClientProvider().create(inputs)).rejects.toThrow(
    /half-created client "appwrite-.*" was removed/,
  );
  expect((await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).status).toBe(404);
  const groups = (await adminCall(emu, "GET", "/api/user-groups")).json.data.map(
    (g: { name: string }) => g.name,
  );
  expect(groups).not.toContain("fresh-group");
  // A retry succeeds without adoptExisting.
  const retry = await new OidcClientProvider().create(inputs);
  expect(retry.id).toBe(inputs.clientId);
});

it("a secret Pocket ID >= 2.17 creates by itself is deleted", async () => {
  const newer = await (await import("./support")).startPocketIdEmulator({ version: "2.17.0" });
  try {
    const inputs = clientInputs(newer);
    await new OidcClientProvider().create(inputs);
    const secrets = (await adminCall(newer, "GET", `/api/oidc/clients/${inputs.clientId}/secrets`)).json;
    expect(secrets).toEqual([]);
  } finally {
    await newer.stop();
  }
});
