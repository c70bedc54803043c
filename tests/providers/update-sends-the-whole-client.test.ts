// Pocket ID's PUT replaces every field, so an update sends the complete client — and settings
// changed behind the stack's back are put back, not half-kept.
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { adminCall, clientInputs, PocketIdEmulator, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

/** Every field of Pocket ID v2.14.0's OidcClientUpdateDto that the server writes (dto/oidc_dto.go). */
const WRITABLE_FIELDS = [
  "accessTokenDurationMinutes",
  "callbackURLs",
  "credentials",
  "description",
  "isGroupRestricted",
  "isPublic",
  "launchURL",
  "logoutCallbackURLs",
  "name",
  "pkceEnabled",
  "refreshTokenDurationMinutes",
  "requiresPushedAuthorizationRequests",
  "requiresReauthentication",
  "skipConsent",
];

it("the PUT body carries every writable field", async () => {
  const provider = new OidcClientProvider();
  const inputs = clientInputs(emu);
  const { outs } = await provider.create(inputs);
  const news = { ...inputs, callbackUrls: [...inputs.callbackUrls, "https://other.example.com/cb"] };
  await provider.update(inputs.clientId, outs!, news);
  const put = emu.requests.find(
    (r) => r.method === "PUT" && r.path === `/api/oidc/clients/${inputs.clientId}`,
  );
  expect(put).toBeDefined();
  expect(Object.keys(put!.body as object).sort()).toEqual(WRITABLE_FIELDS);
  expect((put!.body as { callbackURLs: string[] }).callbackURLs).toEqual(news.callbackUrls);
  expect((put!.body as { credentials: unknown }).credentials).toEqual({ federatedIdentities: [] });
});

it("an out-of-band change to a field the stack does not expose is reset on update", async () => {
  const provider = new OidcClientProvider();
  const inputs = clientInputs(emu);
  const { outs } = await provider.create(inputs);
  const live = (await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).json;
  await adminCall(emu, "PUT", `/api/oidc/clients/${inputs.clientId}`, {
    ...live,
    name: live.name,
    skipConsent: true,
    accessTokenDurationMinutes: 5,
  });
  await provider.update(inputs.clientId, outs!, { ...inputs, name: "Renamed" });
  const after = (await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).json;
  expect(after.name).toBe("Renamed");
  expect(after.skipConsent).toBe(false);
  expect(after.accessTokenDurationMinutes).toBe(60);
  expect(after.isPublic).toBe(false);
  expect(after.pkceEnabled).toBe(false);
});
