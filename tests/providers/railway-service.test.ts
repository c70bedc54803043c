// railway:Service against the emulator: created without a source, drift, rename, delete.
import { ServiceInputs, ServiceProvider } from "../../components/railway/service";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { auth, seedProject, UNKNOWN } from "../emulators/railway/fixtures";

let emu: RailwayEmulator;
const provider = new ServiceProvider();
let scope: { projectId: string; environmentId: string };

beforeEach(async () => {
  emu = await startRailwayEmulator({ app: "healthz" });
  scope = await seedProject(emu);
  emu.resetRequests();
});
afterEach(() => emu.stop());

const inputs = (over: Partial<ServiceInputs> = {}): ServiceInputs => ({
  ...auth(emu),
  ...scope,
  name: "pocket-id",
  ...over,
});

test("check/diff make no API call; unknown ids replace, a new name updates", async () => {
  expect((await provider.check({} as ServiceInputs, inputs({ environmentId: UNKNOWN }))).failures).toEqual(
    [],
  );
  expect((await provider.check({} as ServiceInputs, inputs({ name: "" }))).failures).toHaveLength(1);
  expect((await provider.diff("s", inputs(), inputs({ environmentId: UNKNOWN }))).replaces).toEqual([
    "environmentId",
  ]);
  expect(await provider.diff("s", inputs(), inputs({ name: "other" }))).toEqual({
    changes: true,
    replaces: [],
  });
  expect(emu.requestCount()).toBe(0);
});

test("create: one request, no source, so nothing deploys", async () => {
  const { id } = await provider.create(inputs());
  expect(emu.requests.map((r) => r.operationName)).toEqual(["serviceCreate"]);
  const instance = emu.world.instanceOf(id, scope.environmentId)!;
  expect(instance.source).toBeNull();
  expect(emu.world.deployments.size).toBe(0);
});

test("read: renamed → drift; deleted → gone", async () => {
  const { id, outs } = await provider.create(inputs());
  emu.world.services.get(id)!.name = "renamed";
  expect((await provider.read(id, outs)).props).toMatchObject({ name: "renamed" });
  emu.world.services.delete(id);
  expect((await provider.read(id, outs)).id).toBe("");
});

test("update renames; delete removes it and what belongs to it", async () => {
  const { id, outs } = await provider.create(inputs());
  await provider.update(id, outs, inputs({ name: "pocket-id-2" }));
  expect(emu.world.services.get(id)!.name).toBe("pocket-id-2");
  await provider.delete(id, outs);
  expect(emu.world.services.size).toBe(0);
  expect(emu.world.instances.size).toBe(0);
  await expect(provider.delete(id, outs)).resolves.toBeUndefined();
});
