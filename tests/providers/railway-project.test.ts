// railway:Project against the emulator: workspace resolution, drift, rename, delete, rotated tokens.
import { RailwayTokenError } from "../../components/railway/api/auth";
import { ProjectInputs, ProjectProvider } from "../../components/railway/project";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { auth, configureRequest, UNKNOWN } from "../emulators/railway/fixtures";

let emu: RailwayEmulator;
let provider: ProjectProvider;

beforeEach(async () => {
  emu = await startRailwayEmulator({ app: "healthz" });
  provider = new ProjectProvider();
});
afterEach(() => emu.stop());

const inputs = (over: Partial<ProjectInputs> = {}): ProjectInputs => ({
  ...auth(emu),
  name: "pocket-id-prod",
  description: "d",
  workspaceId: emu.workspaceId,
  ...over,
});

test("check and diff make no API call and accept the preview's unknowns", async () => {
  const checked = await provider.check({} as ProjectInputs, { ...inputs(), name: UNKNOWN, token: UNKNOWN });
  expect(checked.failures).toEqual([]);
  const diff = await provider.diff(
    "id",
    { ...inputs(), resolvedWorkspaceId: emu.workspaceId, defaultEnvironmentId: "e" },
    inputs({ name: "x" }),
  );
  expect(diff).toEqual({ changes: true, replaces: [] });
  expect((await provider.check({} as ProjectInputs, inputs({ name: "" }))).failures).toEqual([
    { property: "name", reason: "name is required" },
  ]);
  expect(emu.requestCount()).toBe(0);
});

test("create in the configured workspace: one request, a permanent project with its environment", async () => {
  const { id, outs } = await provider.create(inputs());
  expect(emu.requestCount()).toBe(1);
  const project = emu.world.projects.get(id)!;
  expect(project).toMatchObject({
    name: "pocket-id-prod",
    workspaceId: emu.workspaceId,
    isTempProject: false,
  });
  expect(outs.defaultEnvironmentId).toBe(emu.world.environmentsOf(id)[0].id);
  expect(emu.world.environmentsOf(id)[0].name).toBe("production");
});

test("without railwayWorkspaceId: the only workspace of an account token", async () => {
  const { outs } = await provider.create(inputs({ workspaceId: "" }));
  expect(outs.resolvedWorkspaceId).toBe(emu.workspaceId);
  expect(emu.requests.map((r) => r.operationName)).toEqual(["me", "projectCreate"]);
});

test("without railwayWorkspaceId and several workspaces: refused, naming the key and the choices", async () => {
  const other = emu.addWorkspace("Team");
  const token = emu.addAccountToken([emu.workspaceId, other]);
  const err = await provider.create(inputs({ ...auth(emu, token), workspaceId: "" })).catch((e) => e);
  expect(err).toBeInstanceOf(RailwayTokenError);
  expect(err.message).toContain("railwayWorkspaceId");
  expect(err.message).toContain(`Team (${other})`);
  expect(emu.world.projects.size).toBe(0);
});

test("a workspace token needs railwayWorkspaceId (it cannot list workspaces), and works with it", async () => {
  const err = await provider
    .create(inputs({ ...auth(emu, emu.workspaceToken), workspaceId: "" }))
    .catch((e) => e);
  expect(err.message).toMatch(/railwayWorkspaceId is not set.*workspace token/);
  const { id } = await provider.create(inputs({ ...auth(emu, emu.workspaceToken) }));
  expect(emu.world.projects.get(id)!.workspaceId).toBe(emu.workspaceId);
});

test("read reports a rename made in the dashboard, and a deleted project as gone", async () => {
  const { id, outs } = await provider.create(inputs());
  emu.world.projects.get(id)!.name = "renamed";
  expect((await provider.read(id, outs)).props).toMatchObject({ name: "renamed" });
  emu.world.projects.delete(id);
  expect((await provider.read(id, outs)).id).toBe("");
});

test("update renames in place; a workspace change replaces", async () => {
  const { id, outs } = await provider.create(inputs());
  await provider.update(id, outs, inputs({ name: "new-name" }));
  expect(emu.world.projects.get(id)!.name).toBe("new-name");
  const diff = await provider.diff(id, outs, inputs({ workspaceId: "another" }));
  expect(diff.replaces).toEqual(["workspaceId"]);
});

test("a token change alone is not a change (nothing differs on Railway)", async () => {
  const { id, outs } = await provider.create(inputs());
  expect(await provider.diff(id, outs, inputs({ token: "rotated" }))).toEqual({
    changes: false,
    replaces: [],
  });
});

test("delete removes the project; deleting again is fine", async () => {
  const { id, outs } = await provider.create(inputs());
  await provider.delete(id, outs);
  expect(emu.world.isEmpty()).toBe(true);
  await expect(provider.delete(id, outs)).resolves.toBeUndefined();
});

test("delete after a token rotation uses the stack's current token, not the revoked one in state", async () => {
  const { id, outs } = await provider.create(inputs());
  const current = emu.addAccountToken([emu.workspaceId]);
  emu.revokeToken(emu.accountToken);
  await provider.configure(configureRequest({ "pocket-id-appwrite:railwayToken": current }));
  await provider.delete(id, outs);
  expect(emu.world.projects.size).toBe(0);
});
