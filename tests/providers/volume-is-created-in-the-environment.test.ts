// The volume is created WITH the environment id, so its instance exists in the stack's environment
// (the community provider omits it and can end up with no volume instance: #61, PR #62).
import * as pulumi from "@pulumi/pulumi";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { seedProject } from "../emulators/railway/fixtures";
import { emulatorArgs, newEngine, upRailway } from "../emulators/railway/stack";

jest.setTimeout(60_000);
let emu: RailwayEmulator;
let info: jest.SpyInstance;
beforeEach(async () => {
  info = jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
  emu = await startRailwayEmulator({ stepMs: 5 });
});
afterEach(async () => {
  info.mockRestore();
  await emu.stop();
});

test("in a shared project the volume instance is in the stack's environment, mounted at /app/data", async () => {
  const shared = await seedProject(emu, "shared");
  await upRailway(newEngine("pr-7"), emulatorArgs(emu, { projectId: shared.projectId, stackName: "pr-7" }));
  const env = emu.world.environmentsOf(shared.projectId).find((e) => e.name === "pr-7")!;
  const service = [...emu.world.services.values()].find((s) => s.name === "pocket-id-pr-7")!;
  const instances = [...emu.world.volumeInstances.values()];
  expect(instances).toHaveLength(1);
  expect(instances[0]).toMatchObject({
    environmentId: env.id,
    serviceId: service.id,
    mountPath: "/app/data",
  });
  expect(emu.world.volumeInstancesOf(shared.environmentId)).toEqual([]);
  expect([...emu.world.deployments.values()][0].mounts).toEqual(["/app/data"]);
});
