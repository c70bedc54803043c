// railway:Volume against the emulator: environment-scoped creation, a late volume instance,
// mount-path changes, drift and delete.
import { VolumeInputs, VolumeProvider } from "../../components/railway/volume";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { auth, seedService, UNKNOWN } from "../emulators/railway/fixtures";

let emu: RailwayEmulator;
const provider = new VolumeProvider();
let scope: { projectId: string; environmentId: string; serviceId: string };

async function start(options: Parameters<typeof startRailwayEmulator>[0] = {}) {
  emu = await startRailwayEmulator({ app: "healthz", ...options });
  scope = await seedService(emu);
  emu.resetRequests();
}
afterEach(() => emu.stop());

const inputs = (over: Partial<VolumeInputs> = {}): VolumeInputs => ({
  ...auth(emu),
  ...scope,
  mountPath: "/app/data",
  ...over,
});

test("check refuses a relative mount path; check/diff make no API call", async () => {
  await start();
  expect((await provider.check({} as VolumeInputs, inputs({ mountPath: "data" }))).failures).toEqual([
    { property: "mountPath", reason: 'mountPath must be an absolute path, got "data"' },
  ]);
  expect((await provider.check({} as VolumeInputs, inputs({ serviceId: UNKNOWN }))).failures).toEqual([]);
  const outs = { ...inputs(), volumeInstanceId: "vi", volumeName: "v" };
  expect((await provider.diff("v", outs, inputs({ serviceId: UNKNOWN }))).replaces).toEqual(["serviceId"]);
  expect((await provider.diff("v", outs, inputs({ mountPath: "/data" }))).replaces).toEqual([]);
  expect(emu.requestCount()).toBe(0);
});

test("create: one request; the instance is in the environment, mounted into the service", async () => {
  await start();
  const { id, outs } = await provider.create(inputs());
  expect(emu.requests.map((r) => r.operationName)).toEqual(["volumeCreate"]);
  const instance = emu.world.volumeInstances.get(outs.volumeInstanceId)!;
  expect(instance).toMatchObject({
    volumeId: id,
    environmentId: scope.environmentId,
    serviceId: scope.serviceId,
    mountPath: "/app/data",
  });
});

test("a volume instance Railway lists late is waited for (terraform-provider-railway PR #87)", async () => {
  await start({ volumeInstanceDelayMs: 1_500 });
  const { outs } = await provider.create(inputs());
  expect(outs.volumeInstanceId).toBeTruthy();
  expect(emu.requestCount("environmentVolumeInstances")).toBeGreaterThanOrEqual(2);
});

test("an optional name is applied", async () => {
  await start();
  const { id, outs } = await provider.create(inputs({ name: "pocket-id-data" }));
  expect(outs.volumeName).toBe("pocket-id-data");
  expect(emu.world.volumes.get(id)!.name).toBe("pocket-id-data");
});

test("read: a mount path changed in the dashboard is drift; a deleted volume is gone", async () => {
  await start();
  const { id, outs } = await provider.create(inputs());
  emu.world.volumeInstances.get(outs.volumeInstanceId)!.mountPath = "/elsewhere";
  expect((await provider.read(id, outs)).props).toMatchObject({ mountPath: "/elsewhere" });
  emu.world.volumes.delete(id);
  emu.world.volumeInstances.clear();
  expect((await provider.read(id, outs)).id).toBe("");
});

test("update moves the mount path in place; delete removes the volume", async () => {
  await start();
  const { id, outs } = await provider.create(inputs());
  await provider.update(id, outs, inputs({ mountPath: "/data" }));
  expect(emu.world.volumeInstances.get(outs.volumeInstanceId)!.mountPath).toBe("/data");
  await provider.delete(id, outs);
  expect(emu.world.volumes.size + emu.world.volumeInstances.size).toBe(0);
  await expect(provider.delete(id, outs)).resolves.toBeUndefined();
});
