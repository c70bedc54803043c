// A stack with an organization gets its own Appwrite project: created with the organization API key (project
// `console`, X-Appwrite-Organization), a project key with the OAuth2 scopes of the server's version (plus any extra,
// e.g. Sites) that the OIDC provider then works with; destroy deletes that project and nothing else.
import {
  AppwriteProjectInputs,
  AppwriteProjectOutputs,
  AppwriteProjectProvider,
  appwriteProjectIdFor,
  appwriteProjectNameFor,
  ORGANIZATION_KEY_SCOPES,
  PROJECT_KEY_ID,
} from "../../components/appwrite/project";
import { AppwriteOidcProviderProvider } from "../../components/appwrite/oidc-provider";
import { SITE_SCOPES } from "../../components/appwrite/site-deployment";
import { AppwriteEmulator, AppwriteEmulatorOptions, startAppwriteEmulator } from "../emulators/appwrite";

const ORG = "org-pia";
const STACK = "pr-12";
const provider = new AppwriteProjectProvider();
let emu: AppwriteEmulator;
let orgKey: string;

async function start(opts: AppwriteEmulatorOptions = {}): Promise<void> {
  emu = await startAppwriteEmulator({ organizations: [ORG], ...opts });
  orgKey = emu.createOrganizationKey(ORG, ORGANIZATION_KEY_SCOPES);
  // Another project of the same organization, which the stack must never touch.
  emu.createProject("neighbour", { teamId: ORG, name: "Neighbour" });
}

afterEach(async () => {
  await emu?.stop();
  emu = undefined as unknown as AppwriteEmulator;
});

function inputs(overrides: Partial<AppwriteProjectInputs> = {}): AppwriteProjectInputs {
  return {
    endpoint: emu.endpoint,
    organizationId: ORG,
    organizationApiKey: orgKey,
    projectId: appwriteProjectIdFor(STACK, ORG),
    name: appwriteProjectNameFor(STACK),
    scopes: [],
    ...overrides,
  };
}

const PID = appwriteProjectIdFor(STACK, ORG);

it("the project id is deterministic, within Appwrite's id rules, and differs per organization and stack", () => {
  expect(PID).toMatch(/^pia-pr-12-[0-9a-f]{6}$/);
  expect(appwriteProjectIdFor(STACK, ORG)).toBe(PID);
  expect(appwriteProjectIdFor(STACK, "other-org")).not.toBe(PID);
  expect(appwriteProjectIdFor("pr-13", ORG)).not.toBe(PID);
  const long = appwriteProjectIdFor("Feature_Branch.With.A.Very.Long.Name-and-more", ORG);
  expect(long.length).toBeLessThanOrEqual(36);
  expect(long).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  expect(appwriteProjectIdFor("___", ORG)).toMatch(/^pia-[0-9a-f]{6}$/);
});

it("create makes the project in the organization and a key with the 1.9.6 OAuth2 scopes, sent with the organization key", async () => {
  await start();
  const { id, outs } = await provider.create(inputs());
  expect(id).toBe(PID);
  const project = emu.state.projects.get(PID)!;
  expect(project).toMatchObject({ teamId: ORG, name: "pocket-id-appwrite pr-12" });
  expect(project.keys).toHaveLength(1);
  expect(project.keys[0]).toMatchObject({ id: PROJECT_KEY_ID, scopes: ["oauth2.read", "oauth2.write"] });
  expect(outs).toMatchObject({
    projectId: PID,
    apiKey: project.keys[0].secret,
    keyId: PROJECT_KEY_ID,
    keyScopes: ["oauth2.read", "oauth2.write"],
    serverVersion: "1.9.6",
    createdAt: project.createdAt,
  });
  expect(outs.apiKey).toMatch(/^standard_/);

  const create = emu.requests.find((r) => r.method === "POST" && r.path === "/v1/organization/projects")!;
  expect(create.headers).toMatchObject({
    "x-appwrite-project": "console",
    "x-appwrite-organization": ORG,
    "x-appwrite-key": orgKey,
  });
  expect(create.body).toEqual({ projectId: PID, name: "pocket-id-appwrite pr-12" });
  const key = emu.requests.find((r) => r.method === "POST" && r.path === "/v1/project/keys")!;
  expect(key.headers).toMatchObject({ "x-appwrite-project": PID, "x-appwrite-organization": ORG });
});

it("with extra scopes (the demo site) the key has the Sites scopes too", async () => {
  await start();
  const { outs } = await provider.create(inputs({ scopes: SITE_SCOPES }));
  expect(emu.state.projects.get(PID)!.keys[0].scopes.sort()).toEqual(
    ["oauth2.read", "oauth2.write", ...SITE_SCOPES].sort(),
  );
  expect(outs.keyScopes).toHaveLength(2 + SITE_SCOPES.length);
});

it("on a later server (1.9.7) the key gets project.oauth2.read/write", async () => {
  await start({ version: "1.9.7" });
  const { outs } = await provider.create(inputs());
  expect(outs.keyScopes).toEqual(["project.oauth2.read", "project.oauth2.write"]);
  expect(outs.serverVersion).toBe("1.9.7");
});

it("the OIDC provider configures the new project with the created key", async () => {
  await start();
  const { outs } = await provider.create(inputs());
  const oidc = new AppwriteOidcProviderProvider();
  const result = await oidc.create({
    endpoint: emu.endpoint,
    projectId: outs.projectId,
    apiKey: outs.apiKey,
    clientId: "appwrite-pr-12",
    clientSecret: "s3cret-value-for-tests-0123456789",
    wellKnownUrl: "https://id.example.com/.well-known/openid-configuration",
    adoptExisting: false,
  });
  expect(result.outs.enabled).toBe(true);
  expect(emu.oidc(PID)).toMatchObject({ enabled: true, clientId: "appwrite-pr-12" });
  expect(emu.oidc("neighbour").enabled).toBe(false);
});

it("read reports the live project, and a project deleted outside Pulumi as gone", async () => {
  await start();
  const { outs } = await provider.create(inputs());
  await expect(provider.read(PID, outs)).resolves.toMatchObject({
    id: PID,
    props: { keyId: PROJECT_KEY_ID },
  });
  emu.state.projects.delete(PID);
  await expect(provider.read(PID, outs)).resolves.toEqual({ id: "", props: undefined });
});

it("destroy deletes only the created project; the other project of the organization is untouched", async () => {
  await start();
  const { outs } = await provider.create(inputs());
  const before = emu.requests.length;
  await provider.delete(PID, outs);
  expect(emu.state.projects.has(PID)).toBe(false);
  expect(emu.state.projects.get("neighbour")).toMatchObject({ teamId: ORG, name: "Neighbour" });
  const mutations = emu.requests.slice(before).filter((r) => r.method !== "GET");
  expect(mutations.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /v1/organization/projects/${PID}`]);
});

it("a 404 on delete is done, and so is a project that is already gone", async () => {
  await start();
  const { outs } = await provider.create(inputs());
  emu.injectFault({
    method: "DELETE",
    path: `/v1/organization/projects/${PID}`,
    status: 404,
    type: "project_not_found",
  });
  await expect(provider.delete(PID, outs)).resolves.toBeUndefined();
  emu.state.projects.delete(PID);
  const before = emu.requests.length;
  await expect(provider.delete(PID, outs)).resolves.toBeUndefined();
  expect(emu.requests.slice(before).filter((r) => r.method === "DELETE")).toHaveLength(0);
});

it("delete leaves alone a project created again under the same id (not the one this resource created)", async () => {
  await start();
  const { outs } = await provider.create(inputs());
  emu.state.projects.delete(PID);
  emu.createProject(PID, { teamId: ORG, name: appwriteProjectNameFor(STACK) });
  emu.state.projects.get(PID)!.createdAt = "2020-01-01T00:00:00.000Z";
  await provider.delete(PID, outs);
  expect(emu.state.projects.has(PID)).toBe(true);
  expect(emu.requests.filter((r) => r.method === "DELETE")).toHaveLength(0);
  // And read reports ours as gone rather than adopting that one.
  await expect(provider.read(PID, outs)).resolves.toEqual({ id: "", props: undefined });
});

it("a failed key creation deletes the project it just created, so nothing is left behind", async () => {
  await start();
  emu.injectFault({ method: "POST", path: "/v1/project/keys", status: 500, type: "general_server_error" });
  const message = await provider.create(inputs()).then(
    () => "no error",
    (e: Error) => e.message,
  );
  expect(message).toContain("POST /v1/project/keys");
  expect(message).toContain("deleted again");
  expect(message).not.toContain(orgKey);
  expect(emu.state.projects.has(PID)).toBe(false);
  expect(emu.state.projects.has("neighbour")).toBe(true);
});

it("an update changes the key's scopes (demo site switched on) and renames the project, in place", async () => {
  await start();
  const { outs } = await provider.create(inputs());
  const news = inputs({ scopes: SITE_SCOPES, name: "pocket-id-appwrite pr-12 renamed" });
  expect(await provider.diff(PID, outs, news)).toMatchObject({ changes: true, replaces: [] });
  const { outs: updated } = await provider.update(PID, outs, news);
  expect(updated.apiKey).toBe(outs.apiKey);
  expect(updated.keyScopes.sort()).toEqual(["oauth2.read", "oauth2.write", ...SITE_SCOPES].sort());
  expect(emu.state.projects.get(PID)!.keys[0].scopes.sort()).toEqual(updated.keyScopes.sort());
  expect(emu.state.projects.get(PID)!.name).toBe("pocket-id-appwrite pr-12 renamed");
  expect(await provider.diff(PID, updated, news)).toMatchObject({ changes: false });
});

it("a key deleted outside Pulumi is seen by refresh and created again by the next update", async () => {
  await start();
  const { outs } = await provider.create(inputs());
  emu.state.projects.get(PID)!.keys.length = 0;
  const { props } = await provider.read(PID, outs);
  expect(props).toMatchObject({ keyId: "" });
  const refreshed = props as AppwriteProjectOutputs;
  expect(await provider.diff(PID, refreshed, inputs())).toMatchObject({ changes: true, replaces: [] });
  const { outs: updated } = await provider.update(PID, refreshed, inputs());
  expect(updated.keyId).toBe(PROJECT_KEY_ID);
  expect(updated.apiKey).not.toBe(outs.apiKey);
  expect(emu.state.projects.get(PID)!.keys.map((k) => k.secret)).toEqual([updated.apiKey]);
});

it("another organization is another project: the diff replaces it, delete first", async () => {
  await start();
  const { outs } = await provider.create(inputs());
  expect(
    await provider.diff(PID, outs, inputs({ organizationId: "org-other", projectId: "pia-x" })),
  ).toMatchObject({ changes: true, replaces: ["organizationId", "projectId"], deleteBeforeReplace: true });
  // A rotated organization key is an update, not a new project.
  expect(await provider.diff(PID, outs, inputs({ organizationApiKey: "organization_new" }))).toMatchObject({
    changes: true,
    replaces: [],
  });
});
