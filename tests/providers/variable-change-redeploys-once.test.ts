// Changing a variable (here the STATIC_API_KEY) or the image redeploys ONCE: the variables are
// upserted together with skipDeploys, and the Deployment resource deploys one time.
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

const writes = () => emu.requests.filter((r) => r.kind === "mutation").map((r) => r.operationName);
const deployments = () => [...emu.world.deployments.values()];

test("a variable change: one upsert, one deployment, with the new value", async () => {
  const engine = newEngine();
  await upRailway(engine, emulatorArgs(emu));
  emu.resetRequests();
  const newKey = "a-rotated-static-api-key-0123456789";
  await upRailway(engine, emulatorArgs(emu, { apiKey: pulumi.secret(newKey) }));
  expect(writes()).toEqual(["variableCollectionUpsert", "serviceInstanceDeployV2"]);
  expect(deployments()).toHaveLength(2);
  expect(deployments()[1]).toMatchObject({ status: "SUCCESS", trigger: "serviceInstanceDeployV2" });
  expect(deployments()[1].variables.STATIC_API_KEY).toBe(newKey);
});

test("an image change: the source is set and deployed once; variables are not touched", async () => {
  const engine = newEngine();
  await upRailway(engine, emulatorArgs(emu));
  emu.resetRequests();
  await upRailway(engine, emulatorArgs(emu, { image: "ghcr.io/pocket-id/pocket-id:v2.15.0" }));
  expect(writes()).toEqual(["serviceInstanceUpdate", "serviceInstanceDeployV2"]);
  expect(deployments()).toHaveLength(2);
  expect(deployments()[1].image).toBe("ghcr.io/pocket-id/pocket-id:v2.15.0");
});

test("both at once: still a single deployment", async () => {
  const engine = newEngine();
  await upRailway(engine, emulatorArgs(emu));
  emu.resetRequests();
  await upRailway(
    engine,
    emulatorArgs(emu, {
      image: "ghcr.io/pocket-id/pocket-id:v2.15.0",
      apiKey: pulumi.secret("another-static-api-key-0123456789"),
    }),
  );
  expect(writes().filter((w) => w === "serviceInstanceDeployV2")).toHaveLength(1);
  expect(deployments()).toHaveLength(2);
});
