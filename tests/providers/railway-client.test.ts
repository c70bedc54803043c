// The Railway GraphQL client against the emulator: query string on every URL, GraphQL errors in
// HTTP 200 as typed errors without the token, reads retried (Retry-After honoured), writes sent once.
import { NetworkError } from "../../components/http";
import { RailwayApiError, RailwayConnection } from "../../components/railway/api/http";
import { createProject, getProject } from "../../components/railway/api/projects";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";

let emu: RailwayEmulator;
let conn: RailwayConnection;

beforeEach(async () => {
  emu = await startRailwayEmulator({ app: "healthz" });
  conn = { token: emu.accountToken, apiUrl: emu.url, backoffMs: 20 };
});
afterEach(() => emu.stop());

const newProject = () => createProject(conn, { name: "p", workspaceId: emu.workspaceId });

test("every request carries a query string (the emulator, like Railway's edge, limits those without)", async () => {
  await newProject();
  expect(emu.requests.map((r) => r.search)).toEqual(["source=pocket-id-appwrite"]);
  // An endpoint that already has a query string keeps it.
  await getProject({ ...conn, apiUrl: `${emu.url}?source=custom` }, [...emu.world.projects.keys()][0]);
  expect(emu.requests[1].search).toBe("source=custom");
});

test("a GraphQL error in HTTP 200 is a RailwayApiError with operation, message, code and request id — never the token", async () => {
  emu.injectFault({
    operation: "project",
    graphqlError: { message: `Problem with token ${emu.accountToken}`, code: "BAD" },
  });
  const err = (await getProject(conn, "x").catch((e) => e)) as RailwayApiError;
  expect(err).toBeInstanceOf(RailwayApiError);
  expect(err.operation).toBe("project");
  expect(err.status).toBe(200);
  expect(err.code).toBe("BAD");
  expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(err.message).toContain("Railway API project failed");
  expect(err.message).not.toContain(emu.accountToken);
  expect(err.message).toContain("[redacted]");
});

test("not found and not authorized are told apart", async () => {
  const missing = (await getProject(conn, "does-not-exist").catch((e) => e)) as RailwayApiError;
  expect(missing.isNotFound).toBe(true);
  const refused = (await getProject({ ...conn, token: "nope" }, "does-not-exist").catch(
    (e) => e,
  )) as RailwayApiError;
  expect(refused.isUnauthorized).toBe(true);
  expect(refused.isNotFound).toBe(false);
});

test("a read refused with 429 waits for Retry-After and succeeds", async () => {
  const project = await newProject();
  emu.resetRequests();
  emu.injectFault({ operation: "project", status: 429, retryAfterSeconds: 1 });
  const started = Date.now();
  await expect(getProject(conn, project.id)).resolves.toMatchObject({ id: project.id });
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  expect(emu.requestCount("project")).toBe(2);
});

test("a read is retried on 502/503/504 with backoff", async () => {
  const project = await newProject();
  emu.resetRequests();
  emu.injectFault({ operation: "project", status: 503, times: 2 });
  await expect(getProject(conn, project.id)).resolves.toMatchObject({ id: project.id });
  expect(emu.requestCount("project")).toBe(3);
});

test("a mutation that failed with 503 is not resent", async () => {
  emu.injectFault({ operation: "projectCreate", status: 503 });
  await expect(newProject()).rejects.toMatchObject({ status: 503, operation: "projectCreate" });
  expect(emu.requestCount("projectCreate")).toBe(1);
});

test("a mutation that timed out is not resent (it may have been applied)", async () => {
  emu.injectFault({ operation: "projectCreate", delayMs: 400 });
  await expect(
    createProject({ ...conn, timeoutMs: 100 }, { name: "p", workspaceId: emu.workspaceId }),
  ).rejects.toBeInstanceOf(NetworkError);
  await new Promise((r) => setTimeout(r, 500));
  expect(emu.requestCount("projectCreate")).toBe(1);
  expect(emu.world.projects.size).toBe(1);
});

test("a mutation refused with 429 (not executed) is sent again after Retry-After", async () => {
  emu.injectFault({ operation: "projectCreate", status: 429, retryAfterSeconds: 0 });
  await newProject();
  expect(emu.requestCount("projectCreate")).toBe(2);
  expect(emu.world.projects.size).toBe(1);
});

test("a read times out, is retried a bounded number of times, then fails with a NetworkError", async () => {
  emu.injectFault({ operation: "project", delayMs: 300, times: 5 });
  const err = await getProject({ ...conn, timeoutMs: 80, retries: 1 }, "x").catch((e) => e);
  expect(err).toBeInstanceOf(NetworkError);
  expect((err as NetworkError).timedOut).toBe(true);
  expect(emu.requestCount("project")).toBe(2);
});

test("an hourly limit that resets later than the stack waits fails fast, with the wait and the plan's limit", async () => {
  await emu.stop();
  emu = await startRailwayEmulator({ app: "healthz", rateLimit: { limit: 2, windowMs: 3_600_000 } });
  conn = { token: emu.accountToken, apiUrl: emu.url, backoffMs: 20, maxWaitMs: 1_000 };
  const project = await newProject();
  await getProject(conn, project.id);
  const started = Date.now();
  const err = (await getProject(conn, project.id).catch((e) => e)) as RailwayApiError;
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(err.status).toBe(429);
  expect(err.message).toMatch(/rate limited; Railway asks to wait \d+ s/);
  expect(err.message).toContain("100 requests an hour");
  expect(err.rateLimit).toMatchObject({ limit: 2, remaining: 0 });
});
