// With railwayProjectId the stack owns only its environment (and what is in it): destroy removes
// that environment and the Pocket ID service, and leaves the project and everything else in it.
import * as pulumi from "@pulumi/pulumi";
import { createService } from "../../components/railway/api/services";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { connection, seedProject } from "../emulators/railway/fixtures";
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

test("destroy of a PR stack: its environment and service go; the project, production and other services stay", async () => {
  const shared = await seedProject(emu, "shared");
  const web = await createService(connection(emu), { ...shared, name: "web" });
  const engine = newEngine("pr-7");
  await upRailway(engine, emulatorArgs(emu, { projectId: shared.projectId, stackName: "pr-7" }));
  expect(
    emu.world
      .environmentsOf(shared.projectId)
      .map((e) => e.name)
      .sort(),
  ).toEqual(["pr-7", "production"]);

  emu.resetRequests();
  await engine.destroy();
  expect(emu.requests.map((r) => r.operationName)).toEqual([
    "volumeDelete",
    "serviceDelete",
    "environmentDelete",
  ]);
  expect(emu.world.projects.has(shared.projectId)).toBe(true);
  expect(emu.world.environmentsOf(shared.projectId).map((e) => e.name)).toEqual(["production"]);
  expect([...emu.world.services.values()].map((s) => s.name)).toEqual(["web"]);
  expect(emu.world.instanceOf(web.id, shared.environmentId)).toBeDefined();
  expect(emu.world.volumes.size + emu.world.domains.size + emu.world.deployments.size).toBe(0);
});

test("project mode, by contrast: destroy deletes the stack's own project in one request", async () => {
  const engine = newEngine();
  await upRailway(engine, emulatorArgs(emu));
  emu.resetRequests();
  await engine.destroy();
  expect(emu.requests.map((r) => r.operationName)).toEqual(["projectDelete"]);
  expect(emu.world.isEmpty()).toBe(true);
});
