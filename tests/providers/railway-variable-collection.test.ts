// railway:VariableCollection against the emulator: one batched upsert that never deploys by itself,
// updates send only what changed, drift is read for the managed names only.
import { updateServiceInstance } from "../../components/railway/api/services";
import { deployServiceInstance } from "../../components/railway/api/deployments";
import {
  VariableCollectionInputs,
  VariableCollectionProvider,
} from "../../components/railway/variable-collection";
import { RailwayWorld } from "../emulators/railway/state";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { auth, connection, seedService, UNKNOWN } from "../emulators/railway/fixtures";

let emu: RailwayEmulator;
const provider = new VariableCollectionProvider();
let scope: { projectId: string; environmentId: string; serviceId: string };

beforeEach(async () => {
  emu = await startRailwayEmulator({ app: "healthz", stepMs: 1 });
  scope = await seedService(emu);
  emu.resetRequests();
});
afterEach(() => emu.stop());

const inputs = (over: Partial<VariableCollectionInputs> = {}): VariableCollectionInputs => ({
  ...auth(emu),
  ...scope,
  variables: { APP_URL: "https://id.example.com", PORT: "1411" },
  secretVariables: { ENCRYPTION_KEY: "k".repeat(44) },
  ...over,
});
const live = () =>
  emu.world.variables.get(RailwayWorld.variableKey(scope.projectId, scope.environmentId, scope.serviceId));

test("check: names, no name both plain and secret; unknown values pass; no API call", async () => {
  const bad = await provider.check(
    {} as VariableCollectionInputs,
    inputs({ variables: { "1X": "a", ENCRYPTION_KEY: "b" } }),
  );
  expect(bad.failures!.map((f) => f.reason)).toEqual([
    '"1X" is not a valid variable name',
    "ENCRYPTION_KEY is set both as plain and as secret",
  ]);
  const preview = await provider.check(
    {} as VariableCollectionInputs,
    inputs({ variables: { APP_URL: UNKNOWN } }),
  );
  expect(preview.failures).toEqual([]);
  expect(emu.requestCount()).toBe(0);
});

test("create: all variables in one upsert, and it does not deploy even when the service has a source", async () => {
  const conn = connection(emu);
  await updateServiceInstance(conn, scope.serviceId, scope.environmentId, { source: { image: "img:v1" } });
  await deployServiceInstance(conn, scope.serviceId, scope.environmentId);
  await emu.settle();
  emu.resetRequests();
  const { outs } = await provider.create(inputs());
  expect(emu.requests.map((r) => r.operationName)).toEqual(["variableCollectionUpsert"]);
  expect(live()).toEqual({ APP_URL: "https://id.example.com", PORT: "1411", ENCRYPTION_KEY: "k".repeat(44) });
  expect(emu.world.deployments.size).toBe(1);
  expect(outs.revision).toBe(1);
});

test("update: one upsert with only the changed values, deletes for removed names, revision moves", async () => {
  const { id, outs } = await provider.create(inputs());
  emu.resetRequests();
  const { outs: next } = await provider.update(
    id,
    outs,
    inputs({ variables: { APP_URL: "https://id.example.com", TRUST_PROXY: "true" } }),
  );
  expect(emu.requests.map((r) => r.operationName)).toEqual(["variableCollectionUpsert", "variableDelete"]);
  expect(live()).toEqual({
    APP_URL: "https://id.example.com",
    TRUST_PROXY: "true",
    ENCRYPTION_KEY: "k".repeat(44),
  });
  expect(next!.revision).toBe(2);
});

test("update with nothing to send (a rotated token) makes no request and keeps the revision", async () => {
  const { id, outs } = await provider.create(inputs());
  emu.resetRequests();
  expect((await provider.diff(id, outs, inputs({ token: "rotated" }))).changes).toBe(false);
  const { outs: same } = await provider.update(id, outs, inputs());
  expect(emu.requestCount()).toBe(0);
  expect(same!.revision).toBe(1);
});

test("read: values changed or removed in the dashboard are drift; other variables are ignored", async () => {
  const { id, outs } = await provider.create(inputs());
  Object.assign(live()!, { APP_URL: "https://other.example.com", UNMANAGED: "x" });
  delete live()!.PORT;
  const read = await provider.read(id, outs);
  expect(read.props!.variables).toEqual({ APP_URL: "https://other.example.com" });
  expect(read.props!.secretVariables).toEqual({ ENCRYPTION_KEY: "k".repeat(44) });
  expect((await provider.diff(id, read.props!, inputs())).changes).toBe(true);
});

test("${{...}} references are stored and read back unrendered, and rendered for the deployment", async () => {
  const { id, outs } = await provider.create(
    inputs({ variables: { APP_URL: "https://${{RAILWAY_PUBLIC_DOMAIN}}", PORT: "1411" } }),
  );
  expect((await provider.read(id, outs)).props!.variables.APP_URL).toBe("https://${{RAILWAY_PUBLIC_DOMAIN}}");
  // No domain yet: Railway expands the reference to "".
  expect(emu.world.renderVariables(scope.projectId, scope.environmentId, scope.serviceId).APP_URL).toBe(
    "https://",
  );
});

test("a deleted service makes the collection gone; delete removes the managed names", async () => {
  const { id, outs } = await provider.create(inputs());
  await provider.delete(id, outs);
  expect(live()).toEqual({});
  emu.world.instances.clear();
  expect((await provider.read(id, outs)).id).toBe("");
});
