// Deleting what is already gone is done, not an error; groups the stack created go with the client,
// groups it found stay.
import { ClientSecretProvider } from "../../components/pocket-id/client-secret";
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { adminCall, clientInputs, PocketIdEmulator, secretInputs, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

it("deleting a client and its secret twice succeeds, and 404 counts as deleted", async () => {
  const provider = new OidcClientProvider();
  const inputs = clientInputs(emu);
  const { outs } = await provider.create(inputs);
  const secrets = new ClientSecretProvider();
  const secret = (await secrets.create(secretInputs(emu, inputs.clientId))).outs!;
  await secrets.delete(secret.secretId, secret);
  await secrets.delete(secret.secretId, secret);
  await provider.delete(inputs.clientId, outs!);
  await provider.delete(inputs.clientId, outs!);
  expect((await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).status).toBe(404);
  // The secret of a client that no longer exists is gone too.
  await secrets.delete(secret.secretId, secret);
});

it("destroy deletes the groups it created and leaves the groups it found", async () => {
  const found = await adminCall(emu, "POST", "/api/user-groups", { name: "staff", friendlyName: "Staff" });
  expect(found.status).toBe(201);
  const provider = new OidcClientProvider();
  const inputs = clientInputs(emu, { allowedGroups: ["staff", "admins-new"] });
  const { outs } = await provider.create(inputs);
  expect(outs!.allowedGroupIds).toHaveLength(2);
  expect(outs!.createdGroupIds).toHaveLength(1);
  const live = (await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).json;
  expect(live.isGroupRestricted).toBe(true);
  expect(live.allowedUserGroups.map((g: { name: string }) => g.name).sort()).toEqual(["admins-new", "staff"]);
  await provider.delete(inputs.clientId, outs!);
  const groups = (await adminCall(emu, "GET", "/api/user-groups")).json.data.map(
    (g: { name: string }) => g.name,
  );
  expect(groups).toContain("staff");
  expect(groups).not.toContain("admins-new");
});
