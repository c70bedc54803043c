// If a step after the client's creation fails, the create removes the client before failing, so
// a retry starts clean instead of meeting a 409.
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { adminCall, clientInputs, PocketIdEmulator, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

it("a failure while setting groups leaves no client behind, and a retry starts clean", async () => {
  const group = (
    await adminCall(emu, "POST", "/api/user-groups", { name: "orphan-test", friendlyName: "Orphan test" })
  ).json;
  const inputs = clientInputs(emu, { allowedGroupIds: [group.id] });
  emu.injectFault({
    method: "PUT",
    path: `/api/oidc/clients/${inputs.clientId}/allowed-user-groups`,
    status: 500,
  });
  await expect(new OidcClientProvider().create(inputs)).rejects.toThrow(
    /half-created client "appwrite-.*" was removed/,
  );
  expect((await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).status).toBe(404);
  // A retry succeeds without adoptExisting.
  const retry = await new OidcClientProvider().create(inputs);
  expect(retry.id).toBe(inputs.clientId);
});

it("a group id Pocket ID silently drops fails the create and leaves no client", async () => {
  const inputs = clientInputs(emu, { allowedGroupIds: ["00000000-no-such-group"] });
  await expect(new OidcClientProvider().create(inputs)).rejects.toThrow(
    /dropped allowed groups 00000000-no-such-group .*was removed/,
  );
  expect((await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).status).toBe(404);
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
