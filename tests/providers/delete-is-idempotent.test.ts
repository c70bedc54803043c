// Deleting what is already gone is done, not an error.
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
