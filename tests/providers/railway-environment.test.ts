// railway:Environment against the emulator: created in an existing project, drift, rename, delete.
import { EnvironmentInputs, EnvironmentProvider } from "../../components/railway/environment";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { auth, seedProject, UNKNOWN } from "../emulators/railway/fixtures";

let emu: RailwayEmulator;
const provider = new EnvironmentProvider();
let projectId: string;

beforeEach(async () => {
  emu = await startRailwayEmulator({ app: "healthz" });
  ({ projectId } = await seedProject(emu));
  emu.resetRequests();
});
afterEach(() => emu.stop());

const inputs = (over: Partial<EnvironmentInputs> = {}): EnvironmentInputs => ({
  ...auth(emu),
  projectId,
  name: "pr-7",
  ...over,
});

test("check/diff: no API call; an unknown project id (preview) means replacement", async () => {
  expect((await provider.check({} as EnvironmentInputs, inputs({ projectId: UNKNOWN }))).failures).toEqual(
    [],
  );
  expect((await provider.diff("e", inputs(), inputs({ projectId: UNKNOWN }))).replaces).toEqual([
    "projectId",
  ]);
  expect((await provider.diff("e", inputs(), inputs())).changes).toBe(false);
  expect(emu.requestCount()).toBe(0);
});

test("create: one request; the environment lives in the given project", async () => {
  const { id } = await provider.create(inputs());
  expect(emu.requestCount()).toBe(1);
  expect(emu.world.environments.get(id)).toMatchObject({ name: "pr-7", projectId });
});

test("a second environment with the same name is refused by Railway, with its message", async () => {
  await provider.create(inputs());
  await expect(provider.create(inputs())).rejects.toThrow(/already exists/);
});

test("read: renamed → drift; deleted → gone", async () => {
  const { id, outs } = await provider.create(inputs());
  emu.world.environments.get(id)!.name = "renamed";
  expect((await provider.read(id, outs)).props).toMatchObject({ name: "renamed" });
  emu.world.environments.delete(id);
  expect((await provider.read(id, outs)).id).toBe("");
});

test("update renames; delete removes only the environment", async () => {
  const { id, outs } = await provider.create(inputs());
  await provider.update(id, outs, inputs({ name: "pr-8" }));
  expect(emu.world.environments.get(id)!.name).toBe("pr-8");
  await provider.delete(id, outs);
  expect(emu.world.environments.has(id)).toBe(false);
  expect(emu.world.projects.has(projectId)).toBe(true);
  expect(emu.world.environmentsOf(projectId).map((e) => e.name)).toEqual(["production"]);
  await expect(provider.delete(id, outs)).resolves.toBeUndefined();
});
