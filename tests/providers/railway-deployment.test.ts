// railway:Deployment against the emulator: image set on the instance, one deployment, polled with
// backoff until SUCCESS with progress messages; redeploys only when the image or variables change.
import * as pulumi from "@pulumi/pulumi";
import {
  DeploymentInputs,
  DeploymentProvider,
  nextPollDelay,
  waitForDeployment,
} from "../../components/railway/deployment";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { auth, connection, seedService, UNKNOWN } from "../emulators/railway/fixtures";

let emu: RailwayEmulator;
const provider = new DeploymentProvider();
let scope: { projectId: string; environmentId: string; serviceId: string };
let info: jest.SpyInstance;

beforeEach(async () => {
  info = jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
  emu = await startRailwayEmulator({ app: "healthz", stepMs: 30 });
  scope = await seedService(emu);
  emu.resetRequests();
});
afterEach(async () => {
  info.mockRestore();
  await emu.stop();
});

const inputs = (over: Partial<DeploymentInputs> = {}): DeploymentInputs => ({
  ...auth(emu),
  environmentId: scope.environmentId,
  serviceId: scope.serviceId,
  image: "nginx:1.27.0",
  variablesRevision: 1,
  label: "web",
  pollIntervalMs: 20,
  maxPollIntervalMs: 60,
  timeoutSeconds: 10,
  ...over,
});

test("check refuses an unpinned image; check/diff make no API call and accept unknowns", async () => {
  expect(
    (await provider.check({} as DeploymentInputs, inputs({ image: "nginx:latest" }))).failures,
  ).toHaveLength(1);
  expect((await provider.check({} as DeploymentInputs, inputs({ image: "nginx" }))).failures).toHaveLength(1);
  expect((await provider.check({} as DeploymentInputs, inputs({ image: UNKNOWN }))).failures).toEqual([]);
  const outs = { ...inputs(), deploymentId: "d", status: "SUCCESS" as const };
  expect(
    (await provider.diff("x", outs, inputs({ variablesRevision: UNKNOWN as unknown as number }))).changes,
  ).toBe(true);
  expect(emu.requestCount()).toBe(0);
});

test("create: source set on this instance only, one deployment, awaited until SUCCESS with progress", async () => {
  const { outs } = await provider.create(inputs());
  expect(outs.status).toBe("SUCCESS");
  const ops = emu.requests.map((r) => r.operationName);
  expect(ops.slice(0, 2)).toEqual(["serviceInstanceUpdate", "serviceInstanceDeployV2"]);
  expect(ops.slice(2).every((o) => o === "deployment")).toBe(true);
  expect(emu.deploymentsOf(scope.serviceId, scope.environmentId)).toHaveLength(1);
  expect(emu.world.instanceOf(scope.serviceId, scope.environmentId)!.source!.image).toBe("nginx:1.27.0");
  const messages = info.mock.calls.map((c) => c[0] as string);
  expect(messages.some((m) => /web: deployment .* is SUCCESS after/.test(m))).toBe(true);
});

test("polls back off: at most a handful of requests for a 10-stage deployment", async () => {
  emu.setStepMs(100);
  await provider.create(inputs({ pollIntervalMs: 50, maxPollIntervalMs: 400 }));
  // ~300 ms of build at intervals 50, 80, 128, 205, 328 …
  expect(emu.requestCount("deployment")).toBeLessThanOrEqual(6);
  // The production schedule: 3 s, then ×1.6 up to 20 s.
  const schedule = [3000];
  while (schedule.length < 7) schedule.push(nextPollDelay(schedule.at(-1)!, 20_000));
  expect(schedule).toEqual([3000, 4800, 7680, 12288, 19661, 20000, 20000]);
});

test("update with only a rotated token or other poll settings does not deploy", async () => {
  const { id, outs } = await provider.create(inputs());
  emu.resetRequests();
  expect((await provider.diff(id, outs, inputs({ token: "rotated" }))).changes).toBe(false);
  await provider.update(id, outs, inputs({ pollIntervalMs: 30 }));
  expect(emu.requestCount()).toBe(0);
});

test("a new variables revision redeploys once without touching the source; a new image sets it first", async () => {
  const { id, outs } = await provider.create(inputs());
  emu.resetRequests();
  const { outs: next } = await provider.update(id, outs, inputs({ variablesRevision: 2 }));
  expect(emu.requests.map((r) => r.operationName)[0]).toBe("serviceInstanceDeployV2");
  expect(next!.deploymentId).not.toBe(outs.deploymentId);
  emu.resetRequests();
  await provider.update(id, next!, inputs({ variablesRevision: 2, image: "nginx:1.27.1" }));
  expect(emu.requests.map((r) => r.operationName).slice(0, 2)).toEqual([
    "serviceInstanceUpdate",
    "serviceInstanceDeployV2",
  ]);
  expect(emu.deploymentsOf(scope.serviceId, scope.environmentId).map((d) => d.status)).toEqual([
    "REMOVED",
    "REMOVED",
    "SUCCESS",
  ]);
});

test("read: the latest deployment's status and the live image; a crashed service is a change to repair", async () => {
  const { id, outs } = await provider.create(inputs());
  const latest = emu.deploymentsOf(scope.serviceId, scope.environmentId).at(-1)!;
  latest.status = "CRASHED";
  const read = await provider.read(id, outs);
  expect(read.props).toMatchObject({ status: "CRASHED", image: "nginx:1.27.0", deploymentId: latest.id });
  expect((await provider.diff(id, read.props!, inputs())).changes).toBe(true);
  emu.world.instances.clear();
  expect((await provider.read(id, outs)).id).toBe("");
});

test("waiting gives up after the timeout with the status and the logs so far", async () => {
  emu.setStepMs(5_000);
  const deploymentId = (await provider
    .create(inputs({ timeoutSeconds: 0.3 }))
    .catch((e: Error) => e)) as Error;
  expect(deploymentId.message).toMatch(/is still (QUEUED|BUILDING) after 0 s/);
});

test("Pocket ID without ENCRYPTION_KEY crashes at start, and the error carries its log line", async () => {
  const err = (await provider
    .create(inputs({ image: "ghcr.io/pocket-id/pocket-id:v2.14.0" }))
    .catch((e) => e)) as Error;
  expect(err.message).toContain("ended CRASHED");
  expect(err.message).toContain("ENCRYPTION_KEY or ENCRYPTION_KEY_FILE must be set");
});

test("waitForDeployment reports each status change once", async () => {
  const report = jest.fn();
  await provider.create(inputs());
  const id = emu.deploymentsOf(scope.serviceId, scope.environmentId)[0].id;
  await waitForDeployment(connection(emu), id, {
    label: "x",
    timeoutMs: 1000,
    pollIntervalMs: 5,
    maxPollIntervalMs: 5,
    report,
  });
  const messages = report.mock.calls.map((c) => c[0] as string);
  expect(messages).toHaveLength(2);
  expect(messages[0]).toBe(`x: waiting for Railway deployment ${id}`);
  expect(messages[1]).toMatch(new RegExp(`^x: deployment ${id} is SUCCESS after \\d+ s$`));
});
