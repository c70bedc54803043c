// The serialized SiteDeployment provider works on its own, in a fresh Node process, the way Pulumi's
// dynamic provider host loads `__provider`: check → create → read → update → delete against the emulator,
// with no API key inside the serialized text.
import * as pulumi from "@pulumi/pulumi";
import { SiteDeployment } from "../../components/appwrite/site-deployment";
import { SitesFixture, startSitesFixture } from "../emulators/appwrite/sites";
import { captureProviders, runInFreshNode } from "../serialization/run-provider";

const TYPE = "pulumi-nodejs:dynamic/appwrite:SiteDeployment";
const KEY = "standard_" + "s".repeat(48);

let fx: SitesFixture;
let providers: Map<string, string>;

beforeAll(async () => {
  fx = await startSitesFixture();
  providers = await captureProviders(() => {
    new SiteDeployment("site", {
      endpoint: "https://aw.example.com/v1",
      projectId: "demo",
      apiKey: pulumi.secret(KEY),
      siteId: "demo-dev",
      siteName: "Pocket ID demo (dev)",
      sitesDomain: "sites.example.com",
      subdomain: "demo-dev-demo",
      distDir: "/tmp/dist",
      contentHash: "build-1",
    });
  });
}, 60_000);
afterAll(() => fx.stop());

it("registers the type token, and the serialized text holds no key and no SDK by value", () => {
  expect(providers.has(TYPE)).toBe(true);
  expect(providers.get(TYPE)).not.toContain(KEY);
  expect(providers.get(TYPE)!.length).toBeLessThan(150_000);
});

it("check → create → read → update → delete from the serialized text", async () => {
  const input = {
    endpoint: fx.emu.endpoint,
    projectId: fx.projectId,
    apiKey: fx.apiKey,
    siteId: "demo-dev",
    siteName: "Pocket ID demo (dev)",
    sitesDomain: fx.sites.sitesDomain,
    subdomain: "demo-dev-demo",
    distDir: fx.distDir,
    contentHash: "build-1",
    adoptExisting: false,
    pollIntervalMs: 5,
  };
  const result = await runInFreshNode<{
    id: string;
    created: Record<string, unknown>;
    updated: Record<string, unknown>;
    drift: boolean;
  }>(
    providers.get(TYPE)!,
    `const checked = await provider.check(input, input);
     if (checked.failures) throw new Error(JSON.stringify(checked.failures));
     const c = await provider.create(checked.inputs);
     const r = await provider.read(c.id, c.outs);
     const d = await provider.diff(c.id, r.props, checked.inputs);
     const u = await provider.update(c.id, r.props, { ...checked.inputs, contentHash: "build-2" });
     await provider.delete(c.id, u.outs);
     return { id: c.id, created: c.outs, updated: u.outs, drift: d.changes };`,
    input,
  );
  expect(result.id).toBe("demo/demo-dev");
  expect(result.drift).toBe(false);
  expect(result.created).toMatchObject({
    siteUrl: `https://demo-dev-demo.${fx.sites.sitesDomain}`,
    deployedHash: "build-1",
  });
  expect(result.updated).toMatchObject({ deployedHash: "build-2" });
  expect(result.updated.deploymentId).not.toBe(result.created.deploymentId);
  expect(fx.sites.sites("demo")).toEqual([]);
  expect(fx.sites.rules("demo")).toEqual([]);
  expect(fx.sites.platforms("demo")).toEqual([]);
}, 60_000);
