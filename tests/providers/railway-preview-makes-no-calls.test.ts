// `pulumi preview` of the Railway platform makes no Railway API call: for a new stack (everything
// unknown downstream of the project) and for a change to an existing one.
import * as pulumi from "@pulumi/pulumi";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { emulatorArgs, newEngine, railwayProgram, upRailway } from "../emulators/railway/stack";

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

test("preview of a new stack plans every resource and calls nothing", async () => {
  const { operations } = await newEngine().up(railwayProgram(emulatorArgs(emu)), { preview: true });
  expect(operations.map((o) => o.op)).toEqual(Array(8).fill("create"));
  expect(emu.requestCount()).toBe(0);
});

test("preview of an image and key change on a deployed stack: updates planned, nothing called, nothing replaced", async () => {
  const engine = newEngine();
  await upRailway(engine, emulatorArgs(emu));
  emu.resetRequests();
  const changed = emulatorArgs(emu, {
    image: "ghcr.io/pocket-id/pocket-id:v2.15.0",
    apiKey: pulumi.secret("another-static-api-key-0123456789"),
  });
  const { operations } = await engine.up(railwayProgram(changed), { preview: true });
  expect(emu.requestCount()).toBe(0);
  const byName = Object.fromEntries(operations.map((o) => [o.key.split("::")[1], o.op]));
  expect(byName).toMatchObject({
    "pocket-id-project": "same",
    "pocket-id-service": "same",
    "pocket-id-volume": "same",
    "pocket-id-domain": "same",
    "pocket-id-api-key": "update",
    "pocket-id-variables": "update",
    "pocket-id-deployment": "update",
  });
  // Preview changed nothing: a real up still has the work to do.
  const { operations: applied } = await upRailway(engine, changed);
  expect(applied.filter((o) => o.op === "update")).toHaveLength(3);
});

test("a rotated token is not a change: preview and up are no-ops", async () => {
  const engine = newEngine();
  await upRailway(engine, emulatorArgs(emu));
  const rotated = emu.addAccountToken([emu.workspaceId]);
  emu.resetRequests();
  const { operations } = await engine.up(railwayProgram(emulatorArgs(emu, { token: rotated })), {
    preview: true,
  });
  expect(operations.every((o) => o.op === "same")).toBe(true);
  expect(emu.requestCount()).toBe(0);
});
