// The Railway providers survive closure serialization: each is serialized the way dynamic.Resource
// does it, holds no secret, and is loaded in a FRESH Node process (as the dynamic provider host
// does) that drives a whole lifecycle against the emulator, with the token only as an input.
import * as pulumi from "@pulumi/pulumi";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { DeploymentProvider } from "../../components/railway/deployment";
import { ProjectProvider } from "../../components/railway/project";
import { ServiceProvider } from "../../components/railway/service";
import { ServiceDomainProvider } from "../../components/railway/service-domain";
import { VariableCollectionProvider } from "../../components/railway/variable-collection";
import { VolumeProvider } from "../../components/railway/volume";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";

jest.setTimeout(120_000);
let emu: RailwayEmulator;
beforeAll(async () => {
  emu = await startRailwayEmulator({ app: "healthz", stepMs: 5, domains: "railway" });
});
afterAll(() => emu.stop());

const CHILD = `
const requireFromString = require("require-from-string");
const texts = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const p = Object.fromEntries(Object.entries(texts).map(([k, t]) => [k, requireFromString(t).handler()]));
const auth = { token: process.argv[3], apiUrl: process.argv[4] };
(async () => {
  const project = await p.project.create({ ...auth, name: "serialized", workspaceId: process.argv[5] });
  const scope = { ...auth, projectId: project.id, environmentId: project.outs.defaultEnvironmentId };
  const service = await p.service.create({ ...scope, name: "pocket-id" });
  const s = { ...scope, serviceId: service.id };
  await p.volume.create({ ...s, mountPath: "/app/data" });
  const domain = await p.domain.create({ ...s, targetPort: 1411 });
  const vars = await p.variables.create({ ...s, variables: { APP_URL: "https://" + domain.outs.domain }, secretVariables: { K: "v" } });
  const deployment = await p.deployment.create({ ...auth, environmentId: scope.environmentId, serviceId: service.id,
    image: "nginx:1.27.0", variablesRevision: vars.outs.revision, pollIntervalMs: 10, maxPollIntervalMs: 20, label: "child" });
  const read = await p.project.read(project.id, project.outs);
  await p.project.delete(project.id, project.outs);
  console.log(JSON.stringify({ status: deployment.outs.status, name: read.props.name }));
})().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
`;

test("serialized providers contain no secret and run a lifecycle in a fresh process", async () => {
  const providers = {
    project: new ProjectProvider(),
    service: new ServiceProvider(),
    volume: new VolumeProvider(),
    domain: new ServiceDomainProvider(),
    variables: new VariableCollectionProvider(),
    deployment: new DeploymentProvider(),
  };
  const texts: Record<string, string> = {};
  for (const [name, provider] of Object.entries(providers)) {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    expect({ [name]: sf.containsSecrets }).toEqual({ [name]: false });
    expect(sf.text).not.toContain(emu.accountToken);
    texts[name] = sf.text;
  }
  const dir = mkdtempSync(join(tmpdir(), "railway-serialized-"));
  writeFileSync(join(dir, "providers.json"), JSON.stringify(texts));
  writeFileSync(join(dir, "child.js"), CHILD);
  const repoModules = resolve(__dirname, "../../node_modules");
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(dir, "child.js"), join(dir, "providers.json"), emu.accountToken, emu.url, emu.workspaceId],
    { env: { ...process.env, NODE_PATH: repoModules } },
  );
  expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({ status: "SUCCESS", name: "serialized" });
  expect(emu.world.isEmpty()).toBe(true);
});
