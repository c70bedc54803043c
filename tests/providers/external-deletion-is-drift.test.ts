// read() reports live state, so `pulumi refresh` shows changes made behind the stack's back and the
// next update puts them right.
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { adminCall, clientInputs, PocketIdEmulator, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

it("an edited callback URL is read back, diffed and repaired", async () => {
  const provider = new OidcClientProvider();
  const inputs = clientInputs(emu);
  const { outs } = await provider.create(inputs);
  expect((await provider.read(inputs.clientId, outs)).props).toMatchObject({
    callbackUrls: inputs.callbackUrls,
  });
  expect((await provider.diff(inputs.clientId, outs!, inputs)).changes).toBe(false);

  const live = (await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).json;
  await adminCall(emu, "PUT", `/api/oidc/clients/${inputs.clientId}`, {
    ...live,
    callbackURLs: ["https://evil.example.com/cb"],
  });
  const refreshed = (await provider.read(inputs.clientId, outs)).props!;
  expect(refreshed.callbackUrls).toEqual(["https://evil.example.com/cb"]);
  expect((await provider.diff(inputs.clientId, refreshed, inputs)).changes).toBe(true);
  await provider.update(inputs.clientId, refreshed, inputs);
  expect((await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).json.callbackURLs).toEqual(
    inputs.callbackUrls,
  );
});

it("a deleted client reads as gone and an update recreates it with the same id", async () => {
  const provider = new OidcClientProvider();
  const inputs = clientInputs(emu);
  const { outs } = await provider.create(inputs);
  await adminCall(emu, "DELETE", `/api/oidc/clients/${inputs.clientId}`);
  expect((await provider.read(inputs.clientId, outs)).id).toBe("");
  await provider.update(inputs.clientId, outs!, inputs);
  expect((await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).status).toBe(200);
});
