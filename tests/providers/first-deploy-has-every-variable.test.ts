// The first Railway deployment already has everything: the volume at /app/data, APP_URL set to the
// service domain, both keys and the proxy/telemetry settings — because the service is created
// without a source and the image is deployed only after the volume, domain and variables exist.
import * as pulumi from "@pulumi/pulumi";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { emulatorArgs, IMAGE, newEngine, upRailway } from "../emulators/railway/stack";

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

test("one deployment, and it starts with every variable and the volume", async () => {
  const { values } = await upRailway(newEngine(), emulatorArgs(emu));
  const deployments = [...emu.world.deployments.values()];
  expect(deployments).toHaveLength(1);
  const [first] = deployments;
  expect(first.status).toBe("SUCCESS");
  expect(first.image).toBe(IMAGE);
  expect(first.mounts).toEqual(["/app/data"]);
  expect(first.variables).toMatchObject({
    APP_URL: values.url,
    ENCRYPTION_KEY: values.encryptionKey,
    STATIC_API_KEY: values.apiKey,
    TRUST_PROXY: "true",
    ANALYTICS_DISABLED: "true",
    VERSION_CHECK_DISABLED: "true",
    PORT: "1411",
  });
  const domain = [...emu.world.domains.values()][0].domain;
  expect(values.url).toBe(`https://${domain}`);
  expect(values.encryptionKey.length).toBeGreaterThanOrEqual(32);
  expect(values.apiKey.length).toBeGreaterThanOrEqual(32);
});

test("the order of the writes: service (no source) → volume → domain → variables → image → deploy", async () => {
  await upRailway(newEngine(), emulatorArgs(emu));
  const writes = emu.requests.filter((r) => r.kind === "mutation").map((r) => r.operationName);
  expect(writes).toEqual([
    "projectCreate",
    "serviceCreate",
    "volumeCreate",
    "serviceDomainCreate",
    "variableCollectionUpsert",
    "serviceInstanceUpdate",
    "serviceInstanceDeployV2",
  ]);
});
