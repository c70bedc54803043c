// A Railway deployment that ends FAILED or CRASHED fails `pulumi up` with the tail of its logs,
// and the next `up` deploys again.
import * as pulumi from "@pulumi/pulumi";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
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

test("CRASHED: the update fails with the container's last log lines; the next up redeploys", async () => {
  emu.failNextDeployment("CRASHED", ["migrating database", "panic: database disk image is malformed"]);
  const engine = newEngine();
  const err = (await upRailway(engine, emulatorArgs(emu)).catch((e) => e)) as Error;
  expect(err).toBeInstanceOf(Error);
  expect(err.message).toMatch(/Railway deployment \S+ of Pocket ID \(test\) ended CRASHED/);
  expect(err.message).toContain("Starting Container");
  expect(err.message).toContain("panic: database disk image is malformed");
  expect(err.message).toContain("run pulumi up again");

  const { operations } = await upRailway(engine, emulatorArgs(emu));
  expect(operations.filter((o) => o.op === "create").map((o) => o.key)).toEqual([
    "pulumi-nodejs:dynamic/railway:Deployment::pocket-id-deployment",
  ]);
  expect([...emu.world.deployments.values()].map((d) => d.status)).toEqual(["CRASHED", "SUCCESS"]);
});

test("FAILED (the image could not be pulled): the error carries the build log", async () => {
  emu.failNextDeployment("FAILED", ["manifest for ghcr.io/pocket-id/pocket-id:v2.14.0 not found"]);
  const err = (await upRailway(newEngine(), emulatorArgs(emu)).catch((e) => e)) as Error;
  expect(err.message).toContain("ended FAILED");
  expect(err.message).toContain("Pulling image ghcr.io/pocket-id/pocket-id:v2.14.0");
  expect(err.message).toContain("manifest for ghcr.io/pocket-id/pocket-id:v2.14.0 not found");
});
