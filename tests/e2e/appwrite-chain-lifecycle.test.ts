// The whole chain under the real Pulumi engine: an external Pocket ID (emulator) wired to an Appwrite
// project (emulator) with verify "fail". Preview without side effects, up with the design §5 outputs,
// no-op up and refresh, Appwrite drift and its repair, rotation (also with Appwrite failing half-way:
// login keeps working), no plaintext secret in the state, destroy that frees Appwrite's OIDC slot.
import { AppwriteFixture, oidcScopes, startAppwriteFixture } from "../emulators/appwrite/fixture";
import { PocketIdEmulator, startPocketIdEmulator } from "../emulators/pocket-id";
import { createProject, E2eProject } from "./harness";
import { ALL_CHECKS_OK, clientIds, pocketIdAdmin, secretLogsIn } from "./pocket-id-api";

jest.setTimeout(15 * 60_000);

const PROJECT_ID = "chain";
const CLIENT_ID = `appwrite-${PROJECT_ID}`;

let pocketId: PocketIdEmulator;
let appwrite: AppwriteFixture;
let project: E2eProject;
/** Every client secret the stack has handed out, for the state-export check. */
const seenSecrets = new Set<string>();

const admin = (method: string, path: string, body?: unknown) =>
  pocketIdAdmin(pocketId.url, pocketId.apiKey, method, path, body);
const logsIn = (secret: string) => secretLogsIn(pocketId.url, CLIENT_ID, secret);
const held = () => appwrite.emu.oidc(PROJECT_ID);
const secretCount = async () => ((await admin("GET", `/api/oidc/clients/${CLIENT_ID}/secrets`)) as []).length;
/** Requests that change Pocket ID (token requests of the checks and of these tests are logins, not changes). */
const pocketIdChanges = () => pocketId.mutatingRequests().filter((r) => r.path !== "/api/oidc/token");

async function outputs(): Promise<Record<string, any>> {
  const out = await project.outputs(true);
  if (out.oidcClientSecret) seenSecrets.add(out.oidcClientSecret);
  return out;
}

beforeAll(async () => {
  pocketId = await startPocketIdEmulator();
  appwrite = await startAppwriteFixture({ projectId: PROJECT_ID });
  project = await createProject("e2e-appwrite-chain");
  await project.setConfig(
    {
      platform: "external",
      pocketIdUrl: pocketId.url,
      adminEmail: "admin@example.com",
      appwriteEndpoint: appwrite.emu.endpoint,
      appwriteProjectId: PROJECT_ID,
      verify: "fail",
    },
    { pocketIdApiKey: pocketId.apiKey, appwriteApiKey: appwrite.apiKey },
  );
});

afterAll(async () => {
  await pocketId?.stop();
  await appwrite?.emu.stop();
  project?.cleanup();
});

it("the Appwrite key holds exactly the OAuth2 scopes of the emulated version", () => {
  expect(appwrite.emu.state.projects.get(PROJECT_ID)!.keys[0].scopes).toEqual(oidcScopes(appwrite.emu));
});

it("preview makes no mutating call to Pocket ID or Appwrite", async () => {
  const before = { pocketId: pocketId.mutatingRequests().length, appwrite: appwrite.emu.requests.length };
  const preview = await project.ok(["preview"]);
  expect(preview.stdout).toMatch(/\+\s+\d+ to create/);
  expect(pocketId.mutatingRequests().slice(before.pocketId)).toEqual([]);
  expect(
    appwrite.emu.requests.slice(before.appwrite).filter((r) => r.method !== "GET" && r.method !== "HEAD"),
  ).toEqual([]);
  expect(held()).toMatchObject({ enabled: false, clientId: "", clientSecret: "" });
});

it("up wires the chain: outputs per design §5, and Appwrite holds a secret that logs in", async () => {
  await project.ok(["up", "--yes", "--skip-preview"]);
  const out = await outputs();
  const discoveryUrl = `${pocketId.url}/.well-known/openid-configuration`;
  const redirectUri = `${appwrite.emu.endpoint}/account/sessions/oauth2/callback/oidc/${PROJECT_ID}`;
  expect(out).toMatchObject({
    pocketIdUrl: pocketId.url,
    issuer: pocketId.url,
    discoveryUrl,
    pocketIdVersion: "2.14.0",
    oidcClientId: CLIENT_ID,
    appwriteRedirectUri: redirectUri,
    appwriteOidcEnabled: true,
    checks: ALL_CHECKS_OK,
    extraClients: [],
  });
  expect(out.adminLoginUrl).toMatch(new RegExp(`^${pocketId.url}/lc/[A-Za-z0-9]+$`));
  expect(held()).toMatchObject({
    enabled: true,
    clientId: CLIENT_ID,
    wellKnownURL: discoveryUrl,
    clientSecret: out.oidcClientSecret,
  });
  expect(await logsIn(held().clientSecret)).toBe(true);
  const client = await admin("GET", `/api/oidc/clients/${CLIENT_ID}`);
  expect(client.callbackURLs).toEqual([redirectUri]);
  expect(client).toMatchObject({ isPublic: false, pkceEnabled: false });
  expect(await secretCount()).toBe(1);
});

it("a second up and a refresh report no changes and change nothing", async () => {
  const before = { pocketId: pocketIdChanges().length, appwrite: appwrite.emu.mutatingRequests().length };
  await project.ok(["up", "--yes", "--expect-no-changes"]);
  await project.ok(["refresh", "--yes", "--expect-no-changes"]);
  expect(pocketIdChanges().length).toBe(before.pocketId);
  expect(appwrite.emu.mutatingRequests().length).toBe(before.appwrite);
});

it("Appwrite OIDC disabled behind the stack's back: refresh reports the drift, the next up re-enables it", async () => {
  const secret = held().clientSecret;
  appwrite.emu.setOidc(PROJECT_ID, { enabled: false });
  const refresh = await project.pulumi(["refresh", "--yes", "--expect-no-changes"]);
  expect(refresh.code).not.toBe(0);
  expect(refresh.stdout).toMatch(/~\s+pulumi-nodejs:dynamic\/appwrite:OidcProvider\s+appwrite-oidc/);
  expect(held().enabled).toBe(false);

  await project.ok(["up", "--yes"]);
  expect(held()).toMatchObject({ enabled: true, clientId: CLIENT_ID, clientSecret: secret });
  const out = await outputs();
  expect(out.appwriteOidcEnabled).toBe(true);
  expect(out.checks).toEqual(ALL_CHECKS_OK);
});

it("changing clientSecretRotation hands Appwrite the new secret and retires the old one", async () => {
  const old = held().clientSecret;
  await project.setConfig({ clientSecretRotation: "2" });
  await project.ok(["up", "--yes"]);
  const out = await outputs();
  expect(out.oidcClientSecret).not.toBe(old);
  expect(held().clientSecret).toBe(out.oidcClientSecret);
  expect(await logsIn(out.oidcClientSecret)).toBe(true);
  expect(await logsIn(old)).toBe(false);
  expect(await secretCount()).toBe(1);
  expect(out.checks).toEqual(ALL_CHECKS_OK);
});

it("a rotation whose Appwrite update fails keeps login working; the next up finishes it", async () => {
  const old = held().clientSecret;
  appwrite.emu.injectFault({ method: "PATCH", path: "/v1/project/oauth2/oidc", status: 503 });
  await project.setConfig({ clientSecretRotation: "3" });
  const failedUp = await project.pulumi(["up", "--yes"]);
  expect(failedUp.code).not.toBe(0);
  const text = failedUp.stdout + failedUp.stderr;
  expect(text).toMatch(/503|Server Error/);
  for (const secret of [old, appwrite.apiKey, pocketId.apiKey]) expect(text).not.toContain(secret);

  // Appwrite still holds the old secret, and Pocket ID still accepts it (next to the new, unused one).
  expect(held()).toMatchObject({ enabled: true, clientId: CLIENT_ID, clientSecret: old });
  expect(await logsIn(old)).toBe(true);
  expect(await secretCount()).toBe(2);

  appwrite.emu.clearFaults();
  await project.ok(["up", "--yes"]);
  const out = await outputs();
  expect(out.oidcClientSecret).not.toBe(old);
  expect(held().clientSecret).toBe(out.oidcClientSecret);
  expect(await logsIn(out.oidcClientSecret)).toBe(true);
  expect(await logsIn(old)).toBe(false);
  expect(await secretCount()).toBe(1);
  expect(out.checks).toEqual(ALL_CHECKS_OK);
  await project.ok(["preview", "--expect-no-changes"]);
});

it("the state export holds no secret in plaintext", async () => {
  const out = await outputs();
  const state = await project.exportState();
  expect(state).toContain("4dabf18193072939515e22adb298388d"); // secrets are there, encrypted
  const loginToken = out.adminLoginUrl.split("/lc/")[1];
  expect(loginToken).toBeTruthy();
  expect(seenSecrets.size).toBeGreaterThanOrEqual(3);
  for (const secret of [pocketId.apiKey, appwrite.apiKey, out.adminLoginUrl, loginToken, ...seenSecrets]) {
    expect(state).not.toContain(secret);
  }
});

it("destroy disables Appwrite's OIDC and clears our client id, removes the Pocket ID client; stack rm succeeds", async () => {
  await project.ok(["destroy", "--yes"]);
  expect(held()).toMatchObject({ enabled: false, clientSecret: "" });
  expect(held().clientId).not.toBe(CLIENT_ID);
  expect(await clientIds(pocketId.url, pocketId.apiKey)).toEqual([]);
  await project.ok(["stack", "rm", "--yes"]);
  const stacks = JSON.parse((await project.ok(["stack", "ls", "--json"])).stdout) as { name: string }[];
  expect(stacks.map((s) => s.name)).not.toContain("e2e-appwrite-chain");
});
