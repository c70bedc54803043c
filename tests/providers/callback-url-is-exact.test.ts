// The client registers Appwrite's redirect URI exactly: no `//` from a trailing slash, and Pocket ID
// (which compares strings) accepts Appwrite's URI and nothing that merely looks like it.
import { appwriteRedirectUri } from "../../components/appwrite/redirect-uri";
import { RawConfig, validateConfig } from "../../components/config";
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { adminCall, clientInputs, PocketIdEmulator, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

function configFor(endpoint: string) {
  const raw: RawConfig = {
    values: {
      platform: "external",
      pocketIdUrl: "https://id.example.com",
      pocketIdApiKey: "k".repeat(32),
      appwriteEndpoint: endpoint,
      appwriteProjectId: "demo",
      appwriteApiKey: "key",
    },
    secretKeys: new Set(["pocketIdApiKey", "appwriteApiKey"]),
    env: {},
  };
  return validateConfig(raw, "prod");
}

/** Where Pocket ID sends the browser: the sign-in interaction, or its error page. */
async function authorize(clientId: string, redirectUri: string): Promise<string> {
  const url = new URL(`${emu.url}/authorize`);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid profile email",
    state: "state-1234",
  }).toString();
  const res = await fetch(url, { redirect: "manual" });
  return res.headers.get("location") ?? `status ${res.status}`;
}

it("the helper itself strips trailing slashes and adds none", () => {
  expect(appwriteRedirectUri("https://cloud.example.com/v1/", "p1")).toBe(
    "https://cloud.example.com/v1/account/sessions/oauth2/callback/oidc/p1",
  );
  expect(appwriteRedirectUri("https://cloud.example.com/v1", "p1")).toBe(
    "https://cloud.example.com/v1/account/sessions/oauth2/callback/oidc/p1",
  );
});

it("a trailing slash on the endpoint does not produce //", () => {
  expect(configFor("https://fra.cloud.appwrite.io/v1/").callbackUrls).toEqual([
    "https://fra.cloud.appwrite.io/v1/account/sessions/oauth2/callback/oidc/demo",
  ]);
  expect(configFor("https://fra.cloud.appwrite.io/v1").callbackUrls).toEqual(
    configFor("https://fra.cloud.appwrite.io/v1///").callbackUrls,
  );
});

it("Pocket ID holds exactly that URI and accepts it, but not a trailing-slash variant", async () => {
  const redirect = configFor("https://fra.cloud.appwrite.io/v1/").callbackUrls[0];
  const inputs = clientInputs(emu, { callbackUrls: [redirect] });
  await new OidcClientProvider().create(inputs);
  const live = await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`);
  expect(live.json.callbackURLs).toEqual([redirect]);
  const accepted = await authorize(inputs.clientId, redirect);
  const variant = await authorize(inputs.clientId, `${redirect}/`);
  expect(accepted).toMatch(/^\/interaction\?interaction=/);
  expect(variant).toMatch(/^\/interaction\/error\?error=.*redirect/);
});
