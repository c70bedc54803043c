// The `external` platform under mocks: what is created, with which inputs, and that secrets stay
// secrets from component to component.
import { MockedStack, runStack, urnShapes } from "./mock-stack";

const API_KEY = "static-api-key-0123456789abcdef";
const APPWRITE_KEY = "appwrite-key-abcdef";
let stack: MockedStack;

beforeAll(async () => {
  stack = await runStack(
    {
      platform: "external",
      pocketIdUrl: "https://id.example.com",
      pocketIdApiKey: API_KEY,
      adminEmail: "admin@example.com",
      appwriteEndpoint: "https://fra.cloud.appwrite.io/v1/",
      appwriteProjectId: "demo",
      appwriteApiKey: APPWRITE_KEY,
      extraCallbackUrls: '["https://app.example.com/cb"]',
      allowedGroups: '["staff"]',
      extraClients: JSON.stringify([
        { id: "grafana", name: "Grafana", callbackUrls: ["https://grafana.example.com/cb"] },
      ]),
    },
    ["pocketIdApiKey", "appwriteApiKey"],
    "prod",
  );
}, 60_000);

/** How a secret input looks on the wire (the SDK's secret signature). */
const secretValue = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});
const find = (type: string, name?: string) =>
  stack.resources.find((r) => r.type === type && (!name || r.name === name));

it("creates the Pocket ID bootstrap, the Appwrite client with secret and pruner, Appwrite OIDC, verify, and extra clients", () => {
  expect(urnShapes(stack)).toEqual(
    [
      "pocket-id-appwrite:pocket-id:OidcApp::appwrite",
      "pocket-id-appwrite:pocket-id:OidcApp::extra-grafana",
      "pocket-id-appwrite:pocket-id:OidcApp$pulumi-nodejs:dynamic/pocketid:OidcClient::appwrite-client",
      "pocket-id-appwrite:pocket-id:OidcApp$pulumi-nodejs:dynamic/pocketid:OidcClient::extra-grafana-client",
      "pocket-id-appwrite:pocket-id:OidcApp$pulumi-nodejs:dynamic/pocketid:OidcClientSecret::appwrite-secret",
      "pocket-id-appwrite:pocket-id:OidcApp$pulumi-nodejs:dynamic/pocketid:OidcClientSecret::extra-grafana-secret",
      "pocket-id-appwrite:pocket-id:OidcApp$pulumi-nodejs:dynamic/pocketid:OidcClientSecretPruner::appwrite-pruner",
      "pocket-id-appwrite:pocket-id:OidcApp$pulumi-nodejs:dynamic/pocketid:OidcClientSecretPruner::extra-grafana-pruner",
      "pocket-id-appwrite:pocket-id:PocketIdService$pulumi-nodejs:dynamic/pocketid:Bootstrap::pocket-id-bootstrap",
      "pocket-id-appwrite:pocket-id:PocketIdService::pocket-id",
      "pocket-id-appwrite:pocket-id:UserGroups$pulumi-nodejs:dynamic/pocketid:UserGroup::group-staff",
      "pocket-id-appwrite:pocket-id:UserGroups::groups",
      "pulumi-nodejs:dynamic/appwrite:OidcProvider::appwrite-oidc",
      "pulumi-nodejs:dynamic/verify:ChainVerification::verify",
    ].sort(),
  );
});

it("the Appwrite client gets the exact redirect URI, is confidential and has no PKCE", () => {
  const client = find("pulumi-nodejs:dynamic/pocketid:OidcClient", "appwrite-client")!;
  expect(client.inputs).toMatchObject({
    clientId: "appwrite-demo",
    name: "Appwrite demo",
    callbackUrls: [
      "https://fra.cloud.appwrite.io/v1/account/sessions/oauth2/callback/oidc/demo",
      "https://app.example.com/cb",
    ],
    allowedGroupIds: ["gid-staff"],
    isPublic: false,
    pkceEnabled: false,
    requireConfidential: true,
    pocketIdUrl: "https://id.example.com",
  });
});

it("Appwrite is given the client, the discovery URL and the secret from Pocket ID", () => {
  const appwrite = find("pulumi-nodejs:dynamic/appwrite:OidcProvider")!;
  expect(appwrite.inputs).toMatchObject({
    endpoint: "https://fra.cloud.appwrite.io/v1",
    projectId: "demo",
    wellKnownUrl: "https://id.example.com/.well-known/openid-configuration",
  });
  expect(appwrite.inputs.clientSecret).toEqual(secretValue("SECRET-appwrite-secret"));
  expect(appwrite.inputs.apiKey).toEqual(secretValue(APPWRITE_KEY));
});

it("every Pocket ID resource receives the API key as a secret input", () => {
  const pocketIdResources = stack.resources.filter((r) =>
    r.type.startsWith("pulumi-nodejs:dynamic/pocketid:"),
  );
  expect(pocketIdResources.length).toBe(8);
  for (const r of pocketIdResources) expect(r.inputs.apiKey).toEqual(secretValue(API_KEY));
});

it("the pruner waits for Appwrite's accepted hash, the extra client's for its own output", () => {
  expect(
    find("pulumi-nodejs:dynamic/pocketid:OidcClientSecretPruner", "appwrite-pruner")!.inputs
      .acceptedSecretHash,
  ).toBe("hash-appwrite-secret");
  expect(
    find("pulumi-nodejs:dynamic/pocketid:OidcClientSecretPruner", "extra-grafana-pruner")!.inputs
      .acceptedSecretHash,
  ).toBe("hash-extra-grafana-secret");
});

it("exports design §5's outputs, with every secret still secret", () => {
  expect(stack.outputs).toMatchObject({
    pocketIdUrl: "https://id.example.com",
    issuer: "https://id.example.com",
    discoveryUrl: "https://id.example.com/.well-known/openid-configuration",
    pocketIdVersion: "2.14.0",
    pocketIdApiKey: API_KEY,
    adminLoginUrl: "https://id.example.com/lc/LOGINTOKEN123",
    oidcClientId: "appwrite-demo",
    oidcClientSecret: "SECRET-appwrite-secret",
    appwriteRedirectUri: "https://fra.cloud.appwrite.io/v1/account/sessions/oauth2/callback/oidc/demo",
    appwriteOidcEnabled: true,
    checks: { discovery: "ok", authorize: "ok", clientSecret: "ok", appwriteRedirect: "ok" },
    extraClients: ["grafana"],
    extraClientSecrets: { grafana: "SECRET-extra-grafana-secret" },
  });
  expect(stack.secretOutputs.sort()).toEqual([
    "adminLoginUrl",
    "extraClientSecrets",
    "oidcClientSecret",
    "pocketIdApiKey",
  ]);
});

it("no resource's serialized provider carries a secret", () => {
  // Secrets travel as (encrypted) inputs, never inside the provider code.
  for (const r of stack.resources) {
    const provider = JSON.stringify(r.inputs.__provider ?? "");
    expect(provider).not.toContain(API_KEY);
    expect(provider).not.toContain(APPWRITE_KEY);
  }
});
