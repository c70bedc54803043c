// What goes wrong creating a stack's own Appwrite project is said as what to fix: the organization key's missing
// scope, a wrong organization id or a key of another organization, a taken project id, the organization's project
// limit, an old server. No key ever appears in a message, and a failure leaves no project behind.
import {
  AppwriteProjectInputs,
  AppwriteProjectProvider,
  appwriteProjectIdFor,
  appwriteProjectNameFor,
  ORGANIZATION_KEY_SCOPES,
} from "../../components/appwrite/project";
import { AppwriteEmulator, AppwriteEmulatorOptions, startAppwriteEmulator } from "../emulators/appwrite";

const ORG = "org-pia";
const PID = appwriteProjectIdFor("pr-7", ORG);
const provider = new AppwriteProjectProvider();
let emu: AppwriteEmulator;

async function start(opts: AppwriteEmulatorOptions = {}): Promise<void> {
  emu = await startAppwriteEmulator({ organizations: [ORG], ...opts });
}

afterEach(async () => {
  await emu?.stop();
  emu = undefined as unknown as AppwriteEmulator;
});

function inputs(
  organizationApiKey: string,
  overrides: Partial<AppwriteProjectInputs> = {},
): AppwriteProjectInputs {
  return {
    endpoint: emu.endpoint,
    organizationId: ORG,
    organizationApiKey,
    projectId: PID,
    name: appwriteProjectNameFor("pr-7"),
    scopes: [],
    ...overrides,
  };
}

async function failure(i: AppwriteProjectInputs): Promise<string> {
  return provider.create(i).then(
    () => "no error",
    (e: Error) => e.message,
  );
}

it("an organization key without projects.write names that scope and the key to fix, and creates nothing", async () => {
  await start();
  const key = emu.createOrganizationKey(ORG, ["projects.read", "keys.read", "keys.write"]);
  const message = await failure(inputs(key));
  expect(message).toContain("401 general_unauthorized_scope");
  expect(message).toContain('"projects.write"');
  expect(message).toContain("appwriteOrganizationApiKey");
  expect(message).not.toContain(key);
  expect(emu.state.projects.size).toBe(0);
});

it("an organization key without keys.write names keys.write, and the project created a moment before is removed", async () => {
  await start();
  const key = emu.createOrganizationKey(ORG, ["projects.read", "projects.write"]);
  const message = await failure(inputs(key));
  expect(message).toContain('"keys.write"');
  expect(message).toContain("POST /v1/project/keys");
  expect(message).toContain(ORGANIZATION_KEY_SCOPES.join(", "));
  expect(message).toContain("deleted again");
  expect(message).not.toContain(key);
  expect(emu.state.projects.has(PID)).toBe(false);
});

it("a wrong organization id is named as appwriteOrganizationId, without the key", async () => {
  await start({ organizations: [ORG, "org-other"] });
  const key = emu.createOrganizationKey(ORG, ORGANIZATION_KEY_SCOPES);
  for (const organizationId of ["org-other", "no-such-org"]) {
    const message = await failure(inputs(key, { organizationId }));
    expect(message).toContain(`organization "${organizationId}"`);
    expect(message).toContain("appwriteOrganizationId");
    expect(message).toMatch(/as a guest/);
    expect(message).not.toContain(key);
  }
  expect(emu.state.projects.size).toBe(0);
});

it("a key of another organization is reported as not a key of this organization", async () => {
  await start({ organizations: [ORG, "org-other"] });
  const foreign = emu.createOrganizationKey("org-other", ORGANIZATION_KEY_SCOPES);
  const message = await failure(inputs(foreign));
  expect(message).toContain(`not an API key of organization "${ORG}"`);
  expect(message).not.toContain(foreign);
});

it("a project id another organization holds is a conflict the stack never takes over", async () => {
  await start({ organizations: [ORG, "org-other"] });
  emu.createProject(PID, { teamId: "org-other", name: "someone else's" });
  const key = emu.createOrganizationKey(ORG, ORGANIZATION_KEY_SCOPES);
  const message = await failure(inputs(key));
  expect(message).toContain("409 project_already_exists");
  expect(message).toContain("never takes over");
  expect(emu.state.projects.get(PID)).toMatchObject({ teamId: "org-other", name: "someone else's" });
});

it("the organization's project limit is named with what to do (Cloud's exact error is UNVERIFIED; two shapes)", async () => {
  for (const projectLimitError of [
    undefined,
    { code: 400, type: "billing_plan_limit", message: "Project limit reached for this organization." },
  ]) {
    await start({ projectLimit: 1, projectLimitError });
    emu.createProject("neighbour", { teamId: ORG });
    const key = emu.createOrganizationKey(ORG, ORGANIZATION_KEY_SCOPES);
    const message = await failure(inputs(key));
    expect(message).toContain(`organization "${ORG}" cannot hold another project`);
    expect(message).toContain("remove appwriteOrganizationId");
    expect(emu.state.projects.has(PID)).toBe(false);
    await emu.stop();
    emu = undefined as unknown as AppwriteEmulator;
  }
});

it("a server older than 1.9.5 is refused before anything is created", async () => {
  await start({ version: "1.9.0" });
  const key = emu.createOrganizationKey(ORG, ORGANIZATION_KEY_SCOPES);
  const message = await failure(inputs(key));
  expect(message).toContain("reports version 1.9.0");
  expect(message).toContain("1.9.5");
  expect(emu.mutatingRequests()).toHaveLength(0);
});

it("a project create that times out says it may have happened and what to do then", async () => {
  await start();
  const key = emu.createOrganizationKey(ORG, ORGANIZATION_KEY_SCOPES);
  emu.injectFault({ method: "POST", path: "/v1/organization/projects", delayMs: 700 });
  const message = await failure(inputs(key, { requestTimeoutMs: 200 }));
  expect(message).toContain("no answer within 200 ms");
  expect(message).toContain("may or may not have been created");
});

it("check() refuses a key that is not an organization key, naming only its prefix, without calling", async () => {
  await start();
  const projectKey = `standard_${"a".repeat(64)}`;
  const result = await provider.check(inputs(projectKey), inputs(projectKey));
  expect(result.failures).toEqual([
    expect.objectContaining({
      property: "organizationApiKey",
      reason: expect.stringContaining('a "standard_" key'),
    }),
  ]);
  expect(JSON.stringify(result)).not.toContain(projectKey);
  const bad = await provider.check(
    inputs("organization_x"),
    inputs("organization_x", {
      organizationId: "bad org!",
      projectId: "Has_Upper",
      endpoint: "https://x.example",
    }),
  );
  expect(bad.failures?.map((f) => f.property).sort()).toEqual(["endpoint", "organizationId", "projectId"]);
  expect(emu.requests).toHaveLength(0);
});
