// The external platform under the real Pulumi engine: preview, up, no-op up, refresh, drift and its
// repair, rotation, a config error, secrets in the state export, destroy and stack rm.
import { PocketIdEmulator, startPocketIdEmulator } from "../emulators/pocket-id";
import { createProject, E2eProject } from "./harness";

jest.setTimeout(15 * 60_000);

let emu: PocketIdEmulator;
let project: E2eProject;

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { "X-API-Key": emu.apiKey, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

async function secretLogsIn(clientId: string, secret: string): Promise<boolean> {
  const res = await fetch(`${emu.url}/api/oidc/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: secret,
    }).toString(),
  });
  return res.status === 200;
}

beforeAll(async () => {
  emu = await startPocketIdEmulator();
  project = await createProject("e2e-external");
  await project.setConfig(
    { platform: "external", pocketIdUrl: emu.url, adminEmail: "admin@example.com", verify: "off" },
    { pocketIdApiKey: emu.apiKey },
  );
  await project.ok([
    "config",
    "set",
    "--path",
    "pocket-id-appwrite:extraCallbackUrls[0]",
    "https://app.example.com/callback",
  ]);
  await project.ok(["config", "set", "--path", "pocket-id-appwrite:allowedGroups[0]", "e2e-staff"]);
});

afterAll(async () => {
  await emu?.stop();
  project?.cleanup();
});

it("preview of a new stack succeeds and changes nothing in Pocket ID", async () => {
  const before = emu.requests.length;
  const preview = await project.ok(["preview", "--diff"]);
  expect(preview.stdout).toMatch(/\+\s+\d+ to create/);
  const calls = emu.requests.slice(before);
  expect(calls.filter((r) => r.method !== "GET" && r.method !== "HEAD")).toEqual([]);
});

it("up creates everything and the outputs match the contract", async () => {
  await project.ok(["up", "--yes", "--skip-preview"]);
  const out = await project.outputs(true);
  expect(out).toMatchObject({
    pocketIdUrl: emu.url,
    issuer: emu.url,
    discoveryUrl: `${emu.url}/.well-known/openid-configuration`,
    pocketIdVersion: "2.14.0",
    pocketIdApiKey: emu.apiKey,
    oidcClientId: "appwrite",
    appwriteOidcEnabled: false,
    extraClients: [],
    extraClientSecrets: {},
  });
  expect(out.adminLoginUrl).toMatch(new RegExp(`^${emu.url}/lc/[A-Za-z0-9]{12}$`));
  expect(await secretLogsIn("appwrite", out.oidcClientSecret)).toBe(true);
  const client = await admin("GET", "/api/oidc/clients/appwrite");
  expect(client.callbackURLs).toEqual(["https://app.example.com/callback"]);
  expect(client.allowedUserGroups.map((g: { name: string }) => g.name)).toEqual(["e2e-staff"]);
  expect((await fetch(`${emu.url}/api/signup/setup`)).status).toBe(404);
  const masked = await project.outputs(false);
  expect(masked.oidcClientSecret).toBe("[secret]");
});

it("a second up and a refresh report no changes", async () => {
  const before = emu.mutatingRequests().length;
  await project.ok(["up", "--yes", "--expect-no-changes"]);
  await project.ok(["refresh", "--yes", "--expect-no-changes"]);
  expect(emu.mutatingRequests().length).toBe(before);
});

it("an edited callback URL is reported by refresh and repaired by the next up", async () => {
  const live = await admin("GET", "/api/oidc/clients/appwrite");
  await admin("PUT", "/api/oidc/clients/appwrite", {
    ...live,
    callbackURLs: ["https://attacker.example.com/cb"],
  });
  const refresh = await project.pulumi(["refresh", "--yes", "--expect-no-changes"]);
  expect(refresh.code).not.toBe(0);
  await project.ok(["up", "--yes"]);
  expect((await admin("GET", "/api/oidc/clients/appwrite")).callbackURLs).toEqual([
    "https://app.example.com/callback",
  ]);
  await project.ok(["preview", "--expect-no-changes"]);
});

it("a deleted client or client secret is recreated by refresh + up, and the new secret works", async () => {
  await admin("DELETE", "/api/oidc/clients/appwrite");
  await project.ok(["refresh", "--yes"]);
  await project.ok(["up", "--yes"]);
  let out = await project.outputs(true);
  expect(await secretLogsIn("appwrite", out.oidcClientSecret)).toBe(true);

  const secrets = await admin("GET", "/api/oidc/clients/appwrite/secrets");
  for (const s of secrets) await admin("DELETE", `/api/oidc/clients/appwrite/secrets/${s.id}`);
  await project.ok(["refresh", "--yes"]);
  await project.ok(["up", "--yes"]);
  out = await project.outputs(true);
  expect(await secretLogsIn("appwrite", out.oidcClientSecret)).toBe(true);
  await project.ok(["up", "--yes", "--expect-no-changes"]);
});

it("changing clientSecretRotation rotates the secret; the old one is deleted after the new one is out", async () => {
  const old = (await project.outputs(true)).oidcClientSecret;
  await project.setConfig({ clientSecretRotation: "2" });
  await project.ok(["up", "--yes"]);
  const fresh = (await project.outputs(true)).oidcClientSecret;
  expect(fresh).not.toBe(old);
  expect(await secretLogsIn("appwrite", fresh)).toBe(true);
  expect(await secretLogsIn("appwrite", old)).toBe(false);
  expect(await admin("GET", "/api/oidc/clients/appwrite/secrets")).toHaveLength(1);
});

it("a config error fails preview with the message from config.ts", async () => {
  await project.setConfig({ pocketIdUrl: `${emu.url}/` });
  const preview = await project.pulumi(["preview"]);
  expect(preview.code).not.toBe(0);
  expect(preview.stdout + preview.stderr).toContain(
    `pocket-id-appwrite:pocketIdUrl "${emu.url}/" ends with a slash`,
  );
  await project.setConfig({ pocketIdUrl: emu.url });
});

it("the state export holds no secret in plaintext", async () => {
  const out = await project.outputs(true);
  const state = await project.exportState();
  expect(state).toContain("4dabf18193072939515e22adb298388d"); // secrets are there, encrypted
  for (const secret of [
    emu.apiKey,
    out.oidcClientSecret,
    out.adminLoginUrl,
    out.adminLoginUrl.split("/lc/")[1],
  ]) {
    expect(state).not.toContain(secret);
  }
});

it("destroy leaves nothing the stack created (the admin excepted) and stack rm succeeds", async () => {
  await project.ok(["destroy", "--yes"]);
  expect((await admin("GET", "/api/oidc/clients")).data).toEqual([]);
  const groups = (await admin("GET", "/api/user-groups")).data.map((g: { name: string }) => g.name);
  expect(groups).not.toContain("e2e-staff");
  const users = (await admin("GET", "/api/users")).data.map((u: { email: string }) => u.email);
  expect(users).toContain("admin@example.com");
  await project.ok(["stack", "rm", "--yes"]);
});
