// A client id that already exists is never silently taken over: the error names adoptExisting, and
// with it the client is adopted and put into the desired state.
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { adminCall, clientInputs, PocketIdEmulator, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

async function preExisting(id: string) {
  const res = await adminCall(emu, "POST", "/api/oidc/clients", {
    id,
    name: "Hand-made",
    callbackURLs: ["https://old.example.com/cb"],
    isPublic: true,
  });
  expect(res.status).toBe(201);
}

it("a 409 on create fails with a message naming adoptExisting and changes nothing", async () => {
  const inputs = clientInputs(emu);
  await preExisting(inputs.clientId);
  await expect(new OidcClientProvider().create(inputs)).rejects.toThrow(
    /already has an OIDC client with id "appwrite-.*adoptExisting/,
  );
  const live = (await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).json;
  expect(live.name).toBe("Hand-made");
});

it("with adoptExisting the client is adopted and replaced by the desired state", async () => {
  const inputs = clientInputs(emu, { adoptExisting: true });
  await preExisting(inputs.clientId);
  const { id, outs } = await new OidcClientProvider().create(inputs);
  expect(id).toBe(inputs.clientId);
  expect(outs!.adopted).toBe(true);
  const live = (await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).json;
  expect(live.name).toBe(inputs.name);
  expect(live.callbackURLs).toEqual(inputs.callbackUrls);
  expect(live.isPublic).toBe(false);
  expect(live.pkceEnabled).toBe(false);
});

it("check() rejects a public or PKCE client for Appwrite and says why", async () => {
  const provider = new OidcClientProvider();
  const pub = await provider.check(clientInputs(emu), clientInputs(emu, { isPublic: true }));
  expect(pub.failures?.[0]).toMatchObject({
    property: "isPublic",
    reason: expect.stringMatching(/client_secret_post/),
  });
  const pkce = await provider.check(clientInputs(emu), clientInputs(emu, { pkceEnabled: true }));
  expect(pkce.failures?.[0]).toMatchObject({
    property: "pkceEnabled",
    reason: expect.stringMatching(/no PKCE/),
  });
});
