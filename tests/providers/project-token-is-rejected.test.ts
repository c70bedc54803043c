// A Railway project token cannot create projects or environments; the stack says so instead of
// passing on Railway's "Not Authorized".
import * as pulumi from "@pulumi/pulumi";
import { RailwayTokenError } from "../../components/railway/api/auth";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { seedProject } from "../emulators/railway/fixtures";
import { emulatorArgs, newEngine, upRailway } from "../emulators/railway/stack";

jest.setTimeout(60_000);
let emu: RailwayEmulator;
let info: jest.SpyInstance;
let shared: { projectId: string; environmentId: string };
let projectToken: string;
beforeEach(async () => {
  info = jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
  emu = await startRailwayEmulator({ stepMs: 5 });
  shared = await seedProject(emu, "shared");
  projectToken = emu.createProjectToken(shared.projectId, shared.environmentId);
  emu.resetRequests();
});
afterEach(async () => {
  info.mockRestore();
  await emu.stop();
});

test("a project token as railwayToken: refused with what it is and which token to use; nothing created", async () => {
  const err = (await upRailway(newEngine(), emulatorArgs(emu, { token: projectToken })).catch(
    (e) => e,
  )) as Error;
  expect(err).toBeInstanceOf(RailwayTokenError);
  expect(err.message).toContain("railwayToken is a Railway project token");
  expect(err.message).toContain(`project ${shared.projectId}`);
  expect(err.message).toContain("cannot create projects or environments");
  expect(err.message).toContain("account token");
  expect(err.message).not.toContain(projectToken);
  expect(emu.world.projects.size).toBe(1);
  // It was identified with the Project-Access-Token header, after the bearer request was refused.
  expect(emu.requests.map((r) => `${r.operationName}:${r.auth}`)).toEqual([
    "projectCreate:invalid",
    "projectToken:project",
  ]);
});

test("also in environment mode (railwayProjectId set), where it would have to create the environment", async () => {
  const args = emulatorArgs(emu, { token: projectToken, projectId: shared.projectId, stackName: "pr-7" });
  const err = (await upRailway(newEngine("pr-7"), args).catch((e) => e)) as Error;
  expect(err).toBeInstanceOf(RailwayTokenError);
  expect(err.message).toMatch(/project token .*cannot create the environment "pr-7"/s);
  expect(emu.world.environmentsOf(shared.projectId).map((e) => e.name)).toEqual(["production"]);
});

test("without railwayWorkspaceId the `me` probe fails first, and the explanation is the same", async () => {
  const err = (await upRailway(
    newEngine(),
    emulatorArgs(emu, { token: projectToken, workspaceId: undefined }),
  ).catch((e) => e)) as Error;
  expect(err.message).toContain("railwayToken is a Railway project token");
});
